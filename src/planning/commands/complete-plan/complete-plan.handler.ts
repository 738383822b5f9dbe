import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { caseStreamId, evolveCase, initialCase } from '../../../cases/domain/case.js';
import { handleCommand, loadAggregate } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { canSeeAgency } from '../../../shared/domain/roles.js';
import { Clock } from '../../../shared/clock.js';
import { shanghaiDate } from '../../../shared/domain/calendar-date.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { conclusionOf } from '../../domain/results.js';
import { planDecider } from '../../domain/plan.decider.js';
import { type InspectionResult, type Plan, planStreamId } from '../../domain/plan.js';
import { PlanningErrors } from '../../domain/planning.errors.js';
import { CompletePlanCommand } from './complete-plan.command.js';

/** Completes the plan once every drawn inspection has its case, and freezes the results that are published. */
@CommandHandler(CompletePlanCommand)
export class CompletePlanHandler implements ICommandHandler<CompletePlanCommand> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ context, planId, expectedVersion }: CompletePlanCommand): Promise<{ version: number }> {
    const { state: plan } = await loadAggregate(this.store, planStreamId(planId), planDecider);
    if (plan.status === 'none' || !canSeeAgency(context.actor, plan.agencyId)) throw PlanningErrors.planNotFound(planId);
    const results = await this.results(plan);
    const occurredAt = this.clock.now().toISOString();
    const { version } = await handleCommand(
      this.store,
      planStreamId(planId),
      planDecider,
      { type: 'CompletePlan', occurredAt, completedBy: context.actor.id, results },
      { expectedVersion, metadata: metadataFor(context, plan.agencyId, occurredAt) },
    );
    return { version };
  }

  /** Read from the cases' own streams, so the frozen results are exactly what the cases say now. */
  private async results(plan: Exclude<Plan, { status: 'none' }>): Promise<InspectionResult[]> {
    if (!plan.draw) return [];
    const entities = new Map(plan.draw.inputs.entities.map((e) => [e.creditCode, e]));
    const results = await Promise.all(
      plan.draw.result.assignments.map(async (assignment): Promise<InspectionResult | null> => {
        const opened = plan.opened[assignment.creditCode];
        if (!opened) return null;
        const { state } = await loadAggregate(this.store, caseStreamId(opened.caseId), { evolve: evolveCase, initialState: initialCase });
        if (state.status === 'none') return null;
        return {
          creditCode: assignment.creditCode,
          name: entities.get(assignment.creditCode)?.name ?? state.party.name,
          kind: assignment.kind,
          caseId: opened.caseId,
          inspectedOn: shanghaiDate(state.openedAt),
          hazardsFound: state.hazards.length,
          hazardsRectified: state.hazards.filter((h) => h.rectification === 'rectified').length,
          conclusion: conclusionOf(state),
        };
      }),
    );
    return results.filter((r): r is InspectionResult => r !== null);
  }
}
