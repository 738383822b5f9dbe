import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner } from '../../../cases/commands/shared/case-command-runner.js';
import { OfficerDirectory } from '../../../cases/commands/shared/officer-directory.js';
import { loadAggregate } from '../../../eventstore/command-handling.js';
import { NO_STREAM, type NewEvent } from '../../../eventstore/event.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { canSeeAgency, hasRole } from '../../../shared/domain/roles.js';
import { shanghaiDate } from '../../../shared/domain/calendar-date.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { planDecider } from '../../domain/plan.decider.js';
import { planStreamId } from '../../domain/plan.js';
import { PlanningErrors } from '../../domain/planning.errors.js';
import { OpenDrawnInspectionCommand } from './open-inspection.command.js';

/**
 * A drawn inspection becomes a case (source `random_draw`, naming the plan) inspected by the drawn team; the plan
 * records the case in the same transaction, so an assignment is opened once.
 */
@CommandHandler(OpenDrawnInspectionCommand)
export class OpenDrawnInspectionHandler implements ICommandHandler<OpenDrawnInspectionCommand> {
  constructor(
    private readonly cases: CaseCommandRunner,
    private readonly officers: OfficerDirectory,
    private readonly store: PostgresEventStore,
  ) {}

  async execute({ context, planId, inspection }: OpenDrawnInspectionCommand): Promise<{ caseId: string; version: number }> {
    const { state: plan } = await loadAggregate(this.store, planStreamId(planId), planDecider);
    if (plan.status === 'none' || !canSeeAgency(context.actor, plan.agencyId)) throw PlanningErrors.planNotFound(planId);
    if (!plan.draw) throw PlanningErrors.notDrawn();
    const assignment = plan.draw.result.assignments.find((a) => a.creditCode === inspection.creditCode);
    const entity = plan.draw.inputs.entities.find((e) => e.creditCode === inspection.creditCode);
    if (!assignment || !entity) throw PlanningErrors.assignmentNotFound(inspection.creditCode);

    const caseId = randomUUID();
    const officers = await this.officers.snapshots(assignment.inspectorIds, shanghaiDate(inspection.occurredAt));
    const { version } = await this.cases.run(
      caseId,
      context,
      {
        type: 'OpenCase',
        occurredAt: inspection.occurredAt,
        caseId,
        agencyId: plan.agencyId,
        source: 'random_draw',
        campaign: plan.name,
        planId,
        party: { kind: 'organization', name: entity.name, creditCode: entity.creditCode, legalRepresentative: null },
        officers,
        location: inspection.location ?? entity.address,
        summary: inspection.summary,
      },
      {
        beforeAppend: {
          transaction: (work) => this.cases.transaction(work),
          run: async (tx) => {
            const current = await loadAggregate(this.store, planStreamId(planId), planDecider);
            const events = planDecider.decide(
              {
                type: 'RecordInspectionOpened',
                occurredAt: inspection.occurredAt,
                creditCode: inspection.creditCode,
                caseId,
                actorId: context.actor.id,
                actorIsHead: hasRole(context.actor, 'head'),
              },
              current.state,
            );
            await this.store.append(
              planStreamId(planId),
              current.version === 0 ? NO_STREAM : current.version,
              events.map((event): NewEvent => ({ type: event.type, data: event.data })),
              metadataFor(context, plan.agencyId, inspection.occurredAt),
              tx,
            );
          },
        },
      },
    );
    return { caseId, version };
  }
}
