import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { loadAggregate } from '../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../eventstore/event-store.js';
import { Public, Roles } from '../../shared/http/auth.decorators.js';
import { canSeeAgency, hasRole } from '../../shared/domain/roles.js';
import { Clock } from '../../shared/clock.js';
import { isCalendarDate, shanghaiDate } from '../../shared/domain/calendar-date.js';
import { RequestValidationError } from '../../shared/http/problem.js';
import { withVersion } from '../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../shared/http/request-context.js';
import { type CatalogueVersion, catalogueOn } from '../domain/catalogue.js';
import { reviewDecider } from '../domain/review.decider.js';
import { reviewStreamId } from '../domain/review.js';
import { ReviewErrors } from '../domain/review.errors.js';

const STATUSES = ['pending', 'approved', 'returned'] as const;

class ReviewQueueQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(STATUSES)
  readonly status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  readonly limit?: number;
}

interface QueueRow {
  review_id: string;
  case_id: string;
  agency_id: string;
  status: string;
  round: number;
  submitted_at: Date;
  submitted_by: string;
  due_date: string;
  extended: boolean;
  party_name: string;
  party_kind: string;
  outcome: string;
  penalty_types: string[];
  amount_fen: string;
  required_by: string[];
  reviewer_id: string | null;
  opinion_at: Date | null;
}

@ApiTags('legal review')
@ApiBearerAuth()
@Controller()
export class ReviewsController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The reviewers' queue of the caller's agency, oldest first, with due dates and the proposal at a glance. */
  @Get('reviews')
  @Roles('reviewer', 'head', 'auditor')
  async queue(@Ctx() context: RequestContext, @Query() query: ReviewQueueQueryDto) {
    const agency = hasRole(context.actor, 'district') ? null : context.actor.agencyId;
    const rows = await this.db.query<QueueRow[]>(
      `SELECT review_id, case_id, agency_id, status, round, submitted_at, submitted_by, due_date::text, extended,
              party_name, party_kind, outcome, penalty_types, amount_fen, required_by, reviewer_id, opinion_at
       FROM review_queue
       WHERE ($1::text IS NULL OR agency_id = $1) AND status = $2
       ORDER BY submitted_at, review_id
       LIMIT $3`,
      [agency, query.status ?? 'pending', query.limit ?? 100],
    );
    const today = shanghaiDate(this.clock.now());
    return {
      items: rows.map((row) => ({
        reviewId: row.review_id,
        caseId: row.case_id,
        agencyId: row.agency_id,
        status: row.status,
        round: row.round,
        submittedAt: row.submitted_at.toISOString(),
        submittedBy: row.submitted_by,
        dueDate: row.due_date,
        overdue: row.status === 'pending' && row.due_date < today,
        extended: row.extended,
        subject: { name: row.party_name, kind: row.party_kind },
        proposal: { outcome: row.outcome, penaltyTypes: row.penalty_types, amountFen: Number(row.amount_fen) },
        requiredBy: row.required_by,
        reviewerId: row.reviewer_id,
        opinionAt: row.opinion_at?.toISOString() ?? null,
      })),
    };
  }

  /** One review, read from its stream. */
  @Get('reviews/:reviewId')
  async get(
    @Ctx() context: RequestContext,
    @Param('reviewId', ParseUUIDPipe) reviewId: string,
  ) {
    const { state, version } = await loadAggregate(this.store, reviewStreamId(reviewId), reviewDecider);
    if (state.status === 'none' || !canSeeAgency(context.actor, state.agencyId)) throw ReviewErrors.notFound(reviewId);
    return withVersion({ ...state, version }, version);
  }

  /** The catalogue rules in force on a date (default today): public reference data. */
  @Get('review/catalogue')
  @Public()
  catalogue(@Query('date') date?: string): CatalogueVersion {
    const on = date ?? shanghaiDate(this.clock.now());
    if (!isCalendarDate(on)) throw new RequestValidationError([{ field: 'date', messages: ['date must be a date as YYYY-MM-DD'] }]);
    const version = catalogueOn(on);
    if (!version) return { version: 'none', effectiveFrom: on, rules: [] };
    return version;
  }
}
