import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { loadAggregate } from '../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../eventstore/event-store.js';
import { Roles } from '../../shared/http/auth.decorators.js';
import { canSeeAgency, hasRole } from '../../shared/domain/roles.js';
import { withVersion } from '../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../shared/http/request-context.js';
import { verifyDraw } from '../domain/draw.js';
import { planDecider } from '../domain/plan.decider.js';
import { type PlanEvent, evolvePlan, initialPlan, planStreamId } from '../domain/plan.js';
import { PlanningErrors } from '../domain/planning.errors.js';
import { READ_PLANNING } from '../planning.roles.js';
import { publicPlanView, recordedDraw } from './plan-views.js';

const STATUSES = ['planned', 'drawn', 'completed'] as const;

class ListPlansQueryDto {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) readonly status?: (typeof STATUSES)[number];
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) readonly limit?: number;
}

interface PlanRow {
  plan_id: string;
  agency_id: string;
  name: string;
  status: string;
  period_from: string;
  period_to: string;
  created_at: Date;
  drawn_at: Date | null;
  assignments: number;
  completed_at: Date | null;
  inspected: string;
  hazards: string;
  penalised: string;
  fines_fen: string;
}

const PROGRESS = `(SELECT count(*) FROM plan_inspections i WHERE i.plan_id = p.plan_id) AS inspected,
  (SELECT coalesce(sum(hazards), 0) FROM plan_inspections i WHERE i.plan_id = p.plan_id) AS hazards,
  (SELECT count(*) FILTER (WHERE penalised AND NOT revoked) FROM plan_inspections i WHERE i.plan_id = p.plan_id) AS penalised,
  (SELECT coalesce(sum(fines_fen) FILTER (WHERE penalised AND NOT revoked), 0) FROM plan_inspections i WHERE i.plan_id = p.plan_id) AS fines_fen`;

const progressOf = (row: Pick<PlanRow, 'assignments' | 'inspected' | 'hazards' | 'penalised' | 'fines_fen'>) => ({
  drawn: row.assignments,
  inspected: Number(row.inspected),
  hazardsFound: Number(row.hazards),
  penalised: Number(row.penalised),
  finesFen: Number(row.fines_fen),
});

@ApiTags('planning')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: DataSource,
  ) {}

  /** The plans of the caller's agency (district users: all), newest period first, with their progress. */
  @Get()
  @Roles(...READ_PLANNING)
  async list(@Ctx() context: RequestContext, @Query() query: ListPlansQueryDto) {
    const agency = hasRole(context.actor, 'district') ? null : context.actor.agencyId;
    const rows = await this.db.query<PlanRow[]>(
      `SELECT plan_id, agency_id, name, status, period_from::text, period_to::text, created_at, drawn_at, assignments,
              completed_at, ${PROGRESS}
       FROM plans p
       WHERE ($1::text IS NULL OR agency_id = $1) AND ($2::text IS NULL OR status = $2)
       ORDER BY period_from DESC, plan_id LIMIT $3`,
      [agency, query.status ?? null, query.limit ?? 100],
    );
    return {
      items: rows.map((row) => ({
        planId: row.plan_id,
        agencyId: row.agency_id,
        name: row.name,
        status: row.status,
        period: { from: row.period_from, to: row.period_to },
        createdAt: row.created_at.toISOString(),
        drawnAt: row.drawn_at?.toISOString() ?? null,
        completedAt: row.completed_at?.toISOString() ?? null,
        progress: progressOf(row),
      })),
    };
  }

  /** One plan, read from its stream, with its progress over the cases it opened (from the projection). */
  @Get(':planId')
  @Roles(...READ_PLANNING)
  async get(@Ctx() context: RequestContext, @Param('planId', ParseUUIDPipe) planId: string) {
    const plan = await this.load(context, planId);
    const [row] = await this.db.query<PlanRow[]>(
      `SELECT p.assignments, ${PROGRESS} FROM (SELECT $1::text AS plan_id, $2::int AS assignments) p`,
      [planId, plan.state.draw?.result.assignments.length ?? 0],
    );
    return withVersion({
      ...publicPlanView(plan.state),
      seedHeldBy: plan.state.seedHeldBy,
      createdBy: plan.state.createdBy,
      inspections: Object.entries(plan.state.opened).map(([creditCode, o]) => ({ creditCode, caseId: o.caseId, openedAt: o.openedAt })),
      progress: row ? progressOf(row) : null,
      version: plan.version,
    }, plan.version);
  }

  /**
   * Re-runs the recorded draw from its inputs and checks the seed against the commitment, every fingerprint, the
   * result, and the hash chain of the plan's stream (an edited stored event shows there).
   */
  @Get(':planId/draw/verify')
  @Roles(...READ_PLANNING)
  async verify(@Ctx() context: RequestContext, @Param('planId', ParseUUIDPipe) planId: string) {
    // Folded afresh from the stored rows, not from the process's aggregate cache: an edited row must show.
    const events = await this.store.readStream(planStreamId(planId));
    const state = events.reduce((current, event) => evolvePlan(current, event as unknown as PlanEvent), initialPlan());
    if (state.status === 'none' || !canSeeAgency(context.actor, state.agencyId)) throw PlanningErrors.planNotFound(planId);
    const plan = { state };
    const draw = recordedDraw(plan.state);
    if (!draw) throw PlanningErrors.notDrawn();
    const verdict = verifyDraw({ ...draw, seedCommitment: plan.state.seedCommitment });
    const commitmentKept = draw.seedCommitment === plan.state.seedCommitment;
    const chain = await this.store.verifyStream(planStreamId(planId));
    const checks = [
      ...verdict.checks,
      {
        check: 'commitment_recorded_before_draw',
        ok: commitmentKept,
        detail: commitmentKept ? 'the draw names the commitment the plan recorded' : 'the draw names another commitment',
      },
      {
        check: 'event_chain',
        ok: chain.ok,
        detail: chain.ok ? `the plan's ${chain.version} events hash-chain intact` : `broken at version ${chain.brokenAtVersion}: ${chain.reason}`,
      },
    ];
    return { planId, algorithm: draw.inputs.algorithm, ok: checks.every((c) => c.ok), checks };
  }

  private async load(context: RequestContext, planId: string) {
    const { state, version } = await loadAggregate(this.store, planStreamId(planId), planDecider);
    if (state.status === 'none' || !canSeeAgency(context.actor, state.agencyId)) throw PlanningErrors.planNotFound(planId);
    return { state, version };
  }
}
