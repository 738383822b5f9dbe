import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { StepDto } from '../cases/commands/shared/case.dtos.js';
import { stepResponse } from '../cases/commands/shared/step-response.js';
import { handleCommand } from '../eventstore/command-handling.js';
import { PostgresEventStore } from '../eventstore/event-store.js';
import { checkpointNotice } from '../eventstore/ledger/checkpoint.js';
import { CheckpointService } from '../eventstore/ledger/checkpoints.js';
import { PersonalDataVault } from '../eventstore/personal-data/vault.js';
import { Public, Roles } from '../shared/http/auth.decorators.js';
import { canSeeAgency, hasRole, readsRestrictedData } from '../shared/domain/roles.js';
import { Clock } from '../shared/clock.js';
import { shanghaiDate } from '../shared/domain/calendar-date.js';
import { IfMatch } from '../shared/http/if-match.js';
import type { Reply } from '../shared/http/reply.js';
import { Ctx, type RequestContext } from '../shared/http/request-context.js';
import { metadataFor } from '../eventstore/request-metadata.js';
import { IsCalendarDate } from '../shared/http/validators.js';
import { type Publication, PublicationErrors, publicationDecider, publicationStreamId } from './domain/publication.js';
import { PublicRecords, type PublicSource } from './queries/public-records.js';

const LIST_STATUSES = ['pending', 'published', 'overdue', 'withdrawn', 'withdrawal_required', 'withheld', 'redaction_review', 'cancelled'] as const;
/** Not yet published and due: held for redaction review is as unpublished as pending, and as overdue once late. */
const UNPUBLISHED = `status IN ('pending', 'redaction_review')`;
const isUnpublished = (status: string): boolean => status === 'pending' || status === 'redaction_review';

class PublicationListQueryDto {
  @ApiPropertyOptional({ enum: LIST_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(LIST_STATUSES)
  readonly status?: (typeof LIST_STATUSES)[number];
}

class PublicFeedQueryDto {
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsCalendarDate() readonly from?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsCalendarDate() readonly to?: string;
  @ApiPropertyOptional({ description: 'Part of the party name' }) @IsOptional() @Length(1, 100) readonly party?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) readonly page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) readonly pageSize?: number;
}

class ComplianceQueryDto {
  @ApiPropertyOptional({ example: '2026' })
  @Matches(/^\d{4}$/)
  readonly year!: string;
}

interface PublicationRow {
  publication_id: string;
  source: string;
  agency_id: string;
  status: string;
  decision_date: string;
  due_date: string | null;
  published_on: string | null;
  on_time: boolean | null;
  withdrawal_due: string | null;
  withdrawn_on: string | null;
  withdrawal_reason: string | null;
  source_stream_id: string;
  record: Record<string, unknown>;
}

const COLUMNS = `publication_id, source, agency_id, status, decision_date::text, due_date::text, published_on::text, on_time,
  withdrawal_due::text, withdrawn_on::text, withdrawal_reason, source_stream_id, record`;

/** Publication (公示) of penalty decisions within 7 working days, and withdrawal within 3 of a revocation. */
@ApiTags('publication')
@ApiBearerAuth()
@Controller()
export class PublicationsController {
  constructor(
    private readonly db: DataSource,
    private readonly store: PostgresEventStore,
    private readonly clock: Clock,
    private readonly publicRecords: PublicRecords,
    private readonly checkpoints: CheckpointService,
    private readonly vault: PersonalDataVault,
  ) {}

  @Get('publications')
  @Roles('officer', 'head')
  async list(@Ctx() context: RequestContext, @Query() query: PublicationListQueryDto) {
    const status = query.status ?? 'pending';
    const today = shanghaiDate(this.clock.now());
    const rows = await this.db.query<PublicationRow[]>(
      `SELECT ${COLUMNS} FROM publications
       WHERE ($1::text IS NULL OR agency_id = $1)
         AND CASE $2 WHEN 'overdue' THEN ${UNPUBLISHED} AND due_date < $3 ELSE status = $2 END
       ORDER BY decision_date, publication_id LIMIT 500`,
      [hasRole(context.actor, 'district') ? null : context.actor.agencyId, status, today],
    );
    const records = await this.unlessRestricted(context, rows);
    return {
      items: rows.map((row, index) => ({
        publicationId: row.publication_id,
        source: row.source,
        agencyId: row.agency_id,
        status: row.status,
        overdue: isUnpublished(row.status) && row.due_date !== null && row.due_date < today,
        decisionDate: row.decision_date,
        dueDate: row.due_date,
        publishedOn: row.published_on,
        onTime: row.on_time,
        withdrawalDue: row.withdrawal_due,
        withdrawnOn: row.withdrawn_on,
        record: records[index],
      })),
    };
  }

  @Post('publications/:publicationId/publish')
  @Roles('officer', 'head')
  publish(
    @Ctx() context: RequestContext,
    @Param('publicationId', ParseUUIDPipe) publicationId: string,
    @Body() body: StepDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return this.step(context, publicationId, 'Publish', body.occurredAt, expectedVersion);
  }

  @Post('publications/:publicationId/withdraw')
  @Roles('officer', 'head')
  withdraw(
    @Ctx() context: RequestContext,
    @Param('publicationId', ParseUUIDPipe) publicationId: string,
    @Body() body: StepDto,
    @IfMatch() expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    return this.step(context, publicationId, 'Withdraw', body.occurredAt, expectedVersion);
  }

  /** Per agency and month of decision: published on time, late, still pending, overdue. */
  @Get('publications/compliance')
  @Roles('head', 'auditor', 'district')
  async compliance(@Ctx() context: RequestContext, @Query() query: ComplianceQueryDto) {
    const rows = await this.db.query<{ agency_id: string; month: string; on_time: number; late: number; pending: number; overdue: number }[]>(
      `SELECT agency_id, to_char(decision_date, 'YYYY-MM') AS month,
              count(*) FILTER (WHERE published_on IS NOT NULL AND on_time)::int AS on_time,
              count(*) FILTER (WHERE published_on IS NOT NULL AND NOT on_time)::int AS late,
              count(*) FILTER (WHERE ${UNPUBLISHED} AND due_date >= $3)::int AS pending,
              count(*) FILTER (WHERE ${UNPUBLISHED} AND due_date < $3)::int AS overdue
       FROM publications
       WHERE extract(year FROM decision_date) = $1 AND ($2::text IS NULL OR agency_id = $2)
       GROUP BY agency_id, month ORDER BY agency_id, month`,
      [Number(query.year), hasRole(context.actor, 'district') ? null : context.actor.agencyId, shanghaiDate(this.clock.now())],
    );
    return { year: Number(query.year), items: rows.map((r) => ({ agencyId: r.agency_id, month: r.month, onTime: r.on_time, late: r.late, pending: r.pending, overdue: r.overdue })) };
  }

  /** The public feed of penalty decisions: published records, redacted, and withdrawals with their reasons. */
  @Get('public/penalties')
  @Public()
  publicPenalties(@Query() query: PublicFeedQueryDto) {
    return this.publicFeed('penalty', query);
  }

  /** The public feed of licensing decisions. */
  @Get('public/licensing')
  @Public()
  publicLicensing(@Query() query: PublicFeedQueryDto) {
    return this.publicFeed('licensing', query);
  }

  private async publicFeed(source: PublicSource, query: PublicFeedQueryDto) {
    const pageSize = query.pageSize ?? 20;
    const page = query.page ?? 1;
    const [{ total, items }, checkpoint] = await Promise.all([
      this.publicRecords.search({
        source,
        from: query.from ?? null,
        to: query.to ?? null,
        party: query.party ?? null,
        page,
        pageSize,
      }),
      this.checkpoints.current(),
    ]);
    return {
      logCheckpoint: checkpointNotice(checkpoint),
      page,
      pageSize,
      total,
      items: items.map((item) => ({
        ...item.record,
        publishedOn: item.publishedOn,
        withdrawn: item.withdrawn,
        withdrawnOn: item.withdrawnOn,
        withdrawalReason: item.withdrawalReason,
      })),
    };
  }

  /**
   * A restricted person's fields in the records show as restricted (个人信息保护法 Art. 47), as on the case reads, to
   * every role but admin and auditor; each record is shaped as the event that declares it, PublicationPrepared.
   */
  private async unlessRestricted(context: RequestContext, rows: readonly PublicationRow[]): Promise<unknown[]> {
    if (readsRestrictedData(context.actor)) return rows.map((row) => row.record);
    const masked = await this.vault.maskRestricted(
      this.db,
      rows.map((row) => ({
        type: 'PublicationPrepared',
        streamId: publicationStreamId(row.publication_id),
        data: { sourceStreamId: row.source_stream_id, record: row.record },
      })),
    );
    return masked.map((data) => (data as { record: unknown }).record);
  }

  private async step(
    context: RequestContext,
    publicationId: string,
    type: 'Publish' | 'Withdraw',
    occurredAt: string,
    expectedVersion: number | undefined,
  ): Promise<Reply<{ version: number }>> {
    const { version } = await handleCommand(
      this.store,
      publicationStreamId(publicationId),
      publicationDecider,
      { type, occurredAt, now: this.clock.now().toISOString(), actorId: context.actor.id },
      {
        expectedVersion,
        authorize: (state: Publication) => {
          if (state.status === 'none' || !canSeeAgency(context.actor, state.agencyId)) throw PublicationErrors.notFound(publicationId);
        },
        metadata: (state) => metadataFor(context, state.status === 'none' ? context.actor.agencyId : state.agencyId, occurredAt),
      },
    );
    return stepResponse(version);
  }
}

