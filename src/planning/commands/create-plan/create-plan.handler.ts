import { randomBytes, randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { handleCommand, loadAggregate } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { Clock } from '../../../shared/clock.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { seedCommitment } from '../../domain/draw.js';
import { planDecider } from '../../domain/plan.decider.js';
import { planStreamId } from '../../domain/plan.js';
import { PlanningErrors } from '../../domain/planning.errors.js';
import { checklistDecider, checklistStreamId } from '../../domain/pools.js';
import { CreatePlanCommand } from './create-plan.command.js';

/**
 * Records the plan and its seed commitment. A seed the server generates is stored beside the log, in the same
 * transaction as the plan, and enters the log only when the draw reveals it.
 */
@CommandHandler(CreatePlanCommand)
export class CreatePlanHandler implements ICommandHandler<CreatePlanCommand> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute({ context, plan }: CreatePlanCommand) {
    const agencyId = context.actor.agencyId;
    const { state: checklist } = await loadAggregate(this.store, checklistStreamId(agencyId), checklistDecider);
    const items = plan.itemIds.map((itemId) => {
      const item = checklist.items[itemId];
      if (!item) throw PlanningErrors.itemNotFound(itemId);
      return { itemId, code: item.code, title: item.title, legalBasis: item.legalBasis };
    });
    const planId = randomUUID();
    const generated = plan.seedCommitment === null ? randomBytes(32).toString('hex') : null;
    const commitment = plan.seedCommitment ?? seedCommitment(generated ?? '');
    const occurredAt = this.clock.now().toISOString();
    const { version } = await handleCommand(
      this.store,
      planStreamId(planId),
      planDecider,
      {
        type: 'CreatePlan',
        occurredAt,
        definition: {
          planId,
          agencyId,
          name: plan.name,
          items,
          filters: plan.filters,
          sample: plan.sample,
          period: plan.period,
          teamSize: plan.teamSize,
          keyInspections: plan.keyInspections,
          seedCommitment: commitment,
          seedHeldBy: generated === null ? 'planner' : 'server',
          createdBy: context.actor.id,
        },
      },
      {
        metadata: metadataFor(context, agencyId, occurredAt),
        beforeAppend:
          generated === null
            ? undefined
            : {
                transaction: (work) => this.db.transaction((manager) => work({ query: (sql, p) => manager.query(sql, p) })),
                run: async (tx) => {
                  await tx.query('INSERT INTO plan_seeds (plan_id, seed) VALUES ($1, $2)', [planId, generated]);
                },
              },
      },
    );
    return { planId, seedCommitment: commitment, version };
  }
}
