import { Body, Controller, Get, HttpCode, Injectable, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { handleCommand, loadAggregate } from '../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../eventstore/event-store.js';
import { Roles } from '../../shared/http/auth.decorators.js';
import { agencyDecider, agencyStreamId } from '../../identity/domain/agency.js';
import { IdentityErrors } from '../../identity/domain/identity.errors.js';
import { canSeeAgency, hasRole } from '../../shared/domain/roles.js';
import { Clock } from '../../shared/clock.js';
import { shanghaiDate } from '../../shared/domain/calendar-date.js';
import { DomainError } from '../../shared/domain/errors.js';
import { AGENCY_ID_PATTERN } from '../../shared/http/agency-id.pipe.js';
import { RequestValidationError } from '../../shared/http/problem.js';
import { Ctx, type RequestContext } from '../../shared/http/request-context.js';
import { metadataFor } from '../../eventstore/request-metadata.js';
import { IsCalendarDate, IsInstant } from '../../shared/http/validators.js';
import { type SubmittedFigures, figuresSubmissionsStreamId, submissionDecider } from '../domain/figures-submission.js';
import { FIGURES } from '../domain/statistics-facts.js';
import { SubmissionsInForceReader } from './submissions-in-force.query.js';

/** A bound far above any real yearly total (fines in fen included) that keeps every sum exact in a double. */
const MAX_FIGURE = 1e14;

/** Every figure of the report, each optional: one left out is "not reported". */
export class SubmittedFiguresDto {}
for (const figure of FIGURES) {
  const property = SubmittedFiguresDto.prototype;
  ApiPropertyOptional({ type: 'integer', minimum: 0 })(property, figure);
  IsOptional()(property, figure);
  IsInt()(property, figure);
  Min(0)(property, figure);
  Max(MAX_FIGURE)(property, figure);
}

export class SubmitFiguresRequestDto {
  @ApiProperty({ example: 'dazu-traffic', description: 'The agency whose figures these are' })
  @Matches(AGENCY_ID_PATTERN, { message: 'agency must be 2 to 64 lower-case letters, digits or dashes' })
  readonly agency!: string;

  @ApiProperty({ format: 'date', example: '2021-01-01' })
  @IsCalendarDate()
  readonly from!: string;

  @ApiProperty({ format: 'date', example: '2021-10-31' })
  @IsCalendarDate()
  readonly to!: string;

  @ApiProperty({ type: SubmittedFiguresDto, description: 'Figures by their report names; fines and confiscations in fen' })
  @IsObject()
  @ValidateNested()
  @Type(() => SubmittedFiguresDto)
  readonly figures!: SubmittedFiguresDto;
}

class SubmissionsQueryDto {
  @ApiPropertyOptional({ description: 'One agency; omitted: every agency the caller may see' })
  @IsOptional()
  @Matches(AGENCY_ID_PATTERN)
  readonly agency?: string;

  @ApiPropertyOptional({ description: 'The figures in force as the system knew them at this instant (later submissions left out)' })
  @IsOptional()
  @IsInstant()
  readonly asOf?: string;
}

const mayNotSubmit = (agencyId: string): DomainError =>
  new DomainError('OTHER_AGENCY', `Only the district role or an administrator of ${agencyId} may submit its figures`, 'forbidden');

/** Records an agency's period figures as an event on that agency's submissions stream. */
@Injectable()
export class FiguresSubmitter {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly clock: Clock,
  ) {}

  async submit(context: RequestContext, body: SubmitFiguresRequestDto) {
    const { actor } = context;
    if (!hasRole(actor, 'district') && !(hasRole(actor, 'admin') && actor.agencyId === body.agency)) {
      throw mayNotSubmit(body.agency);
    }
    if (body.from > body.to) throw new RequestValidationError([{ field: 'to', messages: ['to must not be before from'] }]);
    if (body.to > shanghaiDate(this.clock.now())) {
      throw new RequestValidationError([{ field: 'to', messages: ['to must not be after today: figures are for a period that has passed'] }]);
    }
    const agency = await loadAggregate(this.store, agencyStreamId(body.agency), agencyDecider);
    if (agency.state.status !== 'registered') throw IdentityErrors.agencyNotFound(body.agency);

    const figures = Object.fromEntries(
      FIGURES.flatMap((figure) => {
        const value = (body.figures as Record<string, unknown>)[figure];
        return typeof value === 'number' ? [[figure, value]] : [];
      }),
    ) as SubmittedFigures;
    const { version, events } = await handleCommand(
      this.store,
      figuresSubmissionsStreamId(body.agency),
      submissionDecider,
      { type: 'SubmitFigures', agencyId: body.agency, from: body.from, to: body.to, figures },
      { metadata: metadataFor(context, body.agency) },
    );
    return {
      agency: body.agency,
      from: body.from,
      to: body.to,
      figures,
      version,
      recorded: events.length > 0,
      replacesEarlier: events.some((event) => event.data.replacesEarlier),
    };
  }
}

@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reports/submissions')
export class FiguresSubmissionsController {
  constructor(
    private readonly submitter: FiguresSubmitter,
    private readonly submissions: SubmissionsInForceReader,
  ) {}

  /**
   * Figures of an agency that does not log its cases here, for a period. The same period again replaces the earlier
   * figures (the record keeps both); a period overlapping another one of the agency is refused (409).
   */
  @Post()
  @HttpCode(201)
  @Roles('admin', 'district')
  submit(@Ctx() context: RequestContext, @Body() body: SubmitFiguresRequestDto) {
    return this.submitter.submit(context, body);
  }

  /** The figures in force per agency and period (as known at `asOf`, by default now), newest period first. */
  @Get()
  async list(@Ctx() context: RequestContext, @Query() query: SubmissionsQueryDto) {
    const agency = query.agency ?? (hasRole(context.actor, 'district') ? null : context.actor.agencyId);
    if (agency !== null && !canSeeAgency(context.actor, agency)) {
      throw new DomainError('OTHER_AGENCY', 'Submissions of another agency need the district role', 'forbidden');
    }
    const asOf = query.asOf === undefined ? null : new Date(query.asOf);
    const submissions = (await this.submissions.read({ agency, asOf }))
      .map((s) => ({ agency: s.agencyId, from: s.from, to: s.to, figures: s.figures, submittedAt: s.recordedAt.toISOString() }))
      .sort((a, b) => b.from.localeCompare(a.from) || a.agency.localeCompare(b.agency));
    return { asOf: asOf?.toISOString() ?? null, submissions };
  }
}
