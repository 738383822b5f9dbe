import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';
import type { SampleSpec } from '../../domain/draw.js';
import type { KeyInspection, PlanFilters } from '../../domain/plan.js';

export class CreatePlanCommand extends Command<{ planId: string; seedCommitment: string; version: number }> {
  constructor(
    readonly context: RequestContext,
    readonly plan: {
      name: string;
      itemIds: string[];
      filters: PlanFilters;
      sample: SampleSpec;
      period: { from: string; to: string };
      teamSize: number;
      keyInspections: KeyInspection[];
      seedCommitment: string | null;
    },
  ) {
    super();
  }
}
