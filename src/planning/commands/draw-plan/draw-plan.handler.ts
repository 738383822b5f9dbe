import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { handleCommand, loadAggregate } from '../../../eventstore/command-handling.js';
import { WrongExpectedVersionError } from '../../../eventstore/errors.js';
import { NO_STREAM } from '../../../eventstore/event.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { canSeeAgency } from '../../../shared/domain/roles.js';
import { Clock } from '../../../shared/clock.js';
import { shanghaiDate } from '../../../shared/domain/calendar-date.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import type { PoolInspector } from '../../domain/draw.js';
import { planDecider } from '../../domain/plan.decider.js';
import { type PlanEvent, type SelectionsEvent, evolveSelections, initialSelections, planStreamId, selectionsStreamId } from '../../domain/plan.js';
import { planningRulesOn } from '../../domain/planning-rules.js';
import { PlanningErrors } from '../../domain/planning.errors.js';
import { entityPoolDecider, entityPoolStreamId, recusalsDecider, recusalsStreamId } from '../../domain/pools.js';
import { DrawPlanCommand } from './draw-plan.command.js';

const ATTEMPTS = 4;

/**
 * Freezes both pools, the recusals and the year's selections, draws, and appends the draw to the plan and the
 * selections to the agency's stream of the year in one transaction. Two draws racing for the same entities meet
 * on that stream's expected version: the loser reads the selections again and draws anew, so the cap holds.
 */
@CommandHandler(DrawPlanCommand)
export class DrawPlanHandler implements ICommandHandler<DrawPlanCommand> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute(command: DrawPlanCommand): Promise<{ version: number }> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt(command);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || command.expectedVersion !== undefined || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  private async attempt({ context, planId, seed: revealed, expectedVersion }: DrawPlanCommand): Promise<{ version: number }> {
    const { state: plan } = await loadAggregate(this.store, planStreamId(planId), planDecider);
    if (plan.status === 'none' || !canSeeAgency(context.actor, plan.agencyId)) throw PlanningErrors.planNotFound(planId);
    if (plan.status !== 'planned') throw PlanningErrors.alreadyDrawn();
    const seed = revealed ?? (plan.seedHeldBy === 'server' ? await this.serverSeed(planId) : null);
    if (seed === null) throw PlanningErrors.seedRequired();

    const now = this.clock.now();
    const today = shanghaiDate(now);
    const year = plan.period.from.slice(0, 4);
    const [pool, recusals, selections, inspectors] = await Promise.all([
      loadAggregate(this.store, entityPoolStreamId(plan.agencyId), entityPoolDecider),
      loadAggregate(this.store, recusalsStreamId(plan.agencyId), recusalsDecider),
      loadAggregate(this.store, selectionsStreamId(plan.agencyId, year), { evolve: evolveSelections, initialState: initialSelections }),
      this.certifiedInspectors(plan.agencyId, today, plan.period.to),
    ]);

    const occurredAt = now.toISOString();
    const { version } = await handleCommand(
      this.store,
      planStreamId(planId),
      planDecider,
      {
        type: 'DrawPlan',
        occurredAt,
        drawnBy: context.actor.id,
        seed,
        pool: Object.values(pool.state.entities),
        entityPoolVersion: pool.version,
        inspectors,
        inspectorsCertifiedFrom: today,
        recusals: Object.values(recusals.state.active).map((r) => ({ officerId: r.officerId, creditCode: r.creditCode })),
        selections: selections.state,
        selectionsVersion: selections.version,
        rules: planningRulesOn(today),
      },
      {
        expectedVersion,
        retries: 0,
        metadata: metadataFor(context, plan.agencyId, occurredAt),
        beforeAppend: {
          transaction: (work) => this.db.transaction((manager) => work({ query: (sql, p) => manager.query(sql, p) })),
          run: async (tx, events) => {
            const drawn = (events as readonly PlanEvent[]).find((e) => e.type === 'PlanDrawn');
            if (drawn?.type !== 'PlanDrawn') return;
            const selected: SelectionsEvent = {
              type: 'EntitiesSelected',
              data: {
                agencyId: plan.agencyId,
                year,
                planId,
                creditCodes: drawn.data.result.assignments.map((a) => a.creditCode),
                occurredAt,
              },
            };
            await this.store.append(
              selectionsStreamId(plan.agencyId, year),
              selections.version === 0 ? NO_STREAM : selections.version,
              [selected],
              metadataFor(context, plan.agencyId, occurredAt),
              tx,
            );
          },
        },
      },
    );
    return { version };
  }

  private async serverSeed(planId: string): Promise<string | null> {
    const rows = await this.db.query<{ seed: string }[]>('SELECT seed FROM plan_seeds WHERE plan_id = $1', [planId]);
    return rows[0]?.seed ?? null;
  }

  /**
   * The inspector pool: the agency's enforcement officers whose certificate is valid from the draw through the end of
   * the plan's period, from the identity read model.
   */
  private async certifiedInspectors(agencyId: string, from: string, until: string): Promise<PoolInspector[]> {
    const rows = await this.db.query<{ officer_id: string; name: string }[]>(
      `SELECT officer_id, name FROM officers
       WHERE agency_id = $1 AND 'officer' = ANY(roles)
         AND valid_from <= $2 AND valid_until >= $3 AND (revoked_on IS NULL OR revoked_on > $3)
       ORDER BY officer_id`,
      [agencyId, from, until],
    );
    return rows.map((row) => ({ officerId: row.officer_id, name: row.name }));
  }
}
