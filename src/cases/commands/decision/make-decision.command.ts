import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';
import type { NoPenaltyReason, Procedure } from '../../domain/case.js';
import type { Discretion, Penalty } from '../../domain/penalties.js';
import type { CaseStepResult } from '../shared/case-command-runner.js';

export class MakeDecisionCommand extends Command<CaseStepResult> {
  constructor(
    readonly context: RequestContext,
    readonly caseId: string,
    readonly decision: {
      occurredAt: string;
      procedure: Procedure;
      outcome: 'penalty' | 'no_penalty';
      decisionNumber: string;
      penalties: Penalty[];
      discretion: Discretion;
      discretionReason: string | null;
      noPenaltyReason: NoPenaltyReason | null;
      legalBasis: string | null;
    },
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
