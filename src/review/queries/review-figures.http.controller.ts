import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { Roles } from '../../shared/http/auth.decorators.js';
import { hasRole } from '../../shared/domain/roles.js';
import { Clock } from '../../shared/clock.js';
import { shanghaiDate } from '../../shared/domain/calendar-date.js';
import { RequestValidationError } from '../../shared/http/problem.js';
import { Ctx, type RequestContext } from '../../shared/http/request-context.js';
import { IsCalendarDate } from '../../shared/http/validators.js';

/** The norm the bureau reports against: reviewers at least 5% of certified enforcement officers [U]. */
export const REVIEWER_RATIO_NORM = 0.05;

class FiguresQueryDto {
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  readonly from!: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  readonly to!: string;

  @ApiPropertyOptional({ description: 'District users: one agency (default all)' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/)
  readonly agency?: string;
}

interface RoundFigures {
  agency_id: string;
  submitted: number;
  approved: number;
  returned: number;
  mean_hours: number | null;
  longest_hours: number | null;
}

@ApiTags('legal review')
@ApiBearerAuth()
@Controller('reviews/figures')
export class ReviewFiguresController {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Legal review figures per agency for a period (dates inclusive, Asia/Shanghai): rounds submitted, opinions
   * approving and returning, the points most often found wanting, mean and longest time to opinion, and the
   * reviewer-to-officer ratio against the 5% norm.
   */
  @Get()
  @Roles('head', 'reviewer', 'auditor', 'district')
  async figures(@Ctx() context: RequestContext, @Query() query: FiguresQueryDto) {
    if (query.from > query.to) throw new RequestValidationError([{ field: 'to', messages: ['to must not be before from'] }]);
    const agency = hasRole(context.actor, 'district') ? (query.agency ?? null) : context.actor.agencyId;
    const period = [query.from, query.to, agency];
    const rounds = await this.db.query<RoundFigures[]>(
      `WITH period AS (SELECT ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AS start,
                              ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS finish)
       SELECT agency_id,
              count(*) FILTER (WHERE submitted_at >= start AND submitted_at < finish)::int AS submitted,
              count(*) FILTER (WHERE outcome = 'approved' AND opinion_at >= start AND opinion_at < finish)::int AS approved,
              count(*) FILTER (WHERE outcome = 'returned' AND opinion_at >= start AND opinion_at < finish)::int AS returned,
              avg(extract(epoch FROM opinion_at - submitted_at) / 3600)
                FILTER (WHERE opinion_at >= start AND opinion_at < finish)::float AS mean_hours,
              max(extract(epoch FROM opinion_at - submitted_at) / 3600)
                FILTER (WHERE opinion_at >= start AND opinion_at < finish)::float AS longest_hours
       FROM review_rounds, period
       WHERE ($3::text IS NULL OR agency_id = $3)
       GROUP BY agency_id ORDER BY agency_id`,
      period,
    );
    const findings = await this.db.query<{ agency_id: string; point: string; times: number }[]>(
      `SELECT agency_id, point, count(*)::int AS times
       FROM review_rounds, unnest(problem_points) AS point
       WHERE outcome = 'returned'
         AND opinion_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
         AND opinion_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
         AND ($3::text IS NULL OR agency_id = $3)
       GROUP BY agency_id, point ORDER BY agency_id, times DESC, point`,
      period,
    );
    const today = shanghaiDate(this.clock.now());
    const staffing = await this.db.query<{ agency_id: string; reviewers: number; officers: number }[]>(
      `SELECT agency_id,
              count(*) FILTER (WHERE 'reviewer' = ANY(roles))::int AS reviewers,
              count(*) FILTER (WHERE 'officer' = ANY(roles))::int AS officers
       FROM officers
       WHERE valid_from <= $1 AND valid_until >= $1 AND (revoked_on IS NULL OR revoked_on > $1)
         AND ($2::text IS NULL OR agency_id = $2)
       GROUP BY agency_id ORDER BY agency_id`,
      [today, agency],
    );
    const agencies = [...new Set([...rounds, ...staffing].map((row) => row.agency_id))].sort();
    return {
      from: query.from,
      to: query.to,
      items: agencies.map((agencyId) => {
        const r = rounds.find((row) => row.agency_id === agencyId);
        const s = staffing.find((row) => row.agency_id === agencyId);
        const ratio = s && s.officers > 0 ? s.reviewers / s.officers : null;
        return {
          agencyId,
          submitted: r?.submitted ?? 0,
          approved: r?.approved ?? 0,
          returned: r?.returned ?? 0,
          topFindings: findings.filter((f) => f.agency_id === agencyId).map((f) => ({ point: f.point, times: f.times })),
          meanHoursToOpinion: r?.mean_hours === null || r?.mean_hours === undefined ? null : Math.round(r.mean_hours * 10) / 10,
          longestHoursToOpinion: r?.longest_hours === null || r?.longest_hours === undefined ? null : Math.round(r.longest_hours * 10) / 10,
          reviewers: s?.reviewers ?? 0,
          certifiedOfficers: s?.officers ?? 0,
          reviewerRatio: ratio === null ? null : Math.round(ratio * 1000) / 1000,
          meetsReviewerNorm: ratio !== null && ratio >= REVIEWER_RATIO_NORM,
        };
      }),
    };
  }
}
