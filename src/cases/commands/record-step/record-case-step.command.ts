import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';
import type { CaseCommandBody, CaseStepResult } from '../shared/case-command-runner.js';

/** A case step that needs nothing beyond the case itself: the body is the domain command. */
export class RecordCaseStepCommand extends Command<CaseStepResult> {
  constructor(
    readonly context: RequestContext,
    readonly caseId: string,
    readonly body: CaseCommandBody,
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
