import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';
import type { Discretion, Penalty } from '../../domain/penalties.js';
import type { CaseStepResult } from '../shared/case-command-runner.js';

export class IssuePenaltyNoticeCommand extends Command<CaseStepResult> {
  constructor(
    readonly context: RequestContext,
    readonly caseId: string,
    readonly notice: {
      occurredAt: string;
      penalties: Penalty[];
      discretion: Discretion;
      discretionReason: string | null;
      legalBasis: string;
    },
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
