import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';
import type { Procedure, Violation } from '../../domain/case.js';
import type { Penalty } from '../../domain/penalties.js';
import type { CaseStepResult } from '../shared/case-command-runner.js';

export class FileCaseCommand extends Command<CaseStepResult> {
  constructor(
    readonly context: RequestContext,
    readonly caseId: string,
    readonly filing: {
      occurredAt: string;
      procedure: Procedure;
      violations: Violation[];
      approvedBy: string;
      intendedPenalties: Penalty[];
      complex: boolean;
    },
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
