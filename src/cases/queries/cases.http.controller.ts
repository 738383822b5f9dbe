import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { loadAggregate } from '../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../eventstore/event-store.js';
import { LogIntegrity, type StreamIntegrity } from '../../eventstore/ledger/log-integrity.js';
import { PersonalDataVault } from '../../eventstore/personal-data/vault.js';
import { canSeeAgency, hasRole, readsRestrictedData } from '../../shared/domain/roles.js';
import { Clock } from '../../shared/clock.js';
import { shanghaiDate } from '../../shared/domain/calendar-date.js';
import { type Reply, withVersion } from '../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../shared/http/request-context.js';
import { type OpenedCase, caseStreamId, evolveCase, initialCase } from '../domain/case.js';
import { CaseErrors } from '../domain/case.errors.js';
import { type CaseView, caseView } from './case-view.js';
import { ListCasesQueryDto } from './list-cases.query.dto.js';

export interface TimelineEntry {
  readonly version: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actorId: string;
  readonly actorRoles: readonly string[];
  readonly data: unknown;
}

interface CaseSummaryRow {
  case_id: string;
  agency_id: string;
  status: string;
  source: string;
  party_kind: string;
  party_name: string;
  party_credit_code: string | null;
  officer_ids: string[];
  opened_at: Date;
  last_step_at: Date;
  hazards: number;
  hazards_open: number;
  procedure: string | null;
  decision_number: string | null;
  outcome: string | null;
  version: number;
  total: string;
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly logIntegrity: LogIntegrity,
    private readonly vault: PersonalDataVault,
  ) {}

  /**
   * Cases of the caller's agency (district users: all, or one), newest first, from the case list projection. A search
   * by party name never finds an erased person, nor a restricted one (个人信息保护法 Art. 47) but for administrators
   * and auditors: the name is in the read model, so the query itself leaves them out and the pages stay whole. Written
   * as `$4 IS NULL OR NOT EXISTS`, PostgreSQL probes a hash of the withheld subjects (over 20,000 cases, no slower
   * than the search without it); as a bare NOT EXISTS it chose a key lookup per matching case, twice as slow.
   */
  @Get()
  async list(@Ctx() context: RequestContext, @Query() query: ListCasesQueryDto) {
    const district = hasRole(context.actor, 'district');
    const agency = district ? (query.agency ?? null) : context.actor.agencyId;
    const pageSize = query.pageSize ?? 50;
    const page = query.page ?? 1;
    const rows = await this.db.query<CaseSummaryRow[]>(
      `SELECT *, count(*) OVER () AS total FROM case_summaries
       WHERE ($1::text IS NULL OR agency_id = $1)
         AND ($2::text IS NULL OR status = $2)
         AND ($3::text IS NULL OR party_credit_code = $3)
         AND ($4::text IS NULL OR party_name ILIKE '%' || replace(replace(replace($4, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
         AND ($4::text IS NULL OR NOT EXISTS (
               SELECT 1 FROM personal_data_keys k WHERE k.subject_id = 'party:case-' || case_id
                 AND (k.erased_at IS NOT NULL OR (k.restricted_at IS NOT NULL AND NOT $10::boolean))))
         AND ($5::text IS NULL OR $5 = ANY(officer_ids))
         AND ($6::date IS NULL OR opened_at >= ($6::date)::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND ($7::date IS NULL OR opened_at < ($7::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
       ORDER BY opened_at DESC, case_id
       LIMIT $8 OFFSET $9`,
      [
        agency,
        query.status ?? null,
        query.partyCreditCode ?? null,
        query.partyName ?? null,
        query.officerId ?? null,
        query.from ?? null,
        query.to ?? null,
        pageSize,
        (page - 1) * pageSize,
        readsRestrictedData(context.actor),
      ],
    );
    const parties = await this.unlessRestricted(
      context,
      rows.map((row) => ({
        type: 'CaseOpened',
        streamId: caseStreamId(row.case_id),
        data: { party: { kind: row.party_kind, name: row.party_name, creditCode: row.party_credit_code } },
      })),
    );
    return {
      page,
      pageSize,
      total: Number(rows[0]?.total ?? 0),
      items: rows.map((row, index) => ({
        caseId: row.case_id,
        agencyId: row.agency_id,
        status: row.status,
        source: row.source,
        party: (parties[index] as { party: unknown }).party,
        officerIds: row.officer_ids,
        openedAt: row.opened_at.toISOString(),
        lastStepAt: row.last_step_at.toISOString(),
        hazards: row.hazards,
        hazardsOpen: row.hazards_open,
        procedure: row.procedure,
        decisionNumber: row.decision_number,
        outcome: row.outcome,
        version: row.version,
      })),
    };
  }

  /** The case as it stands, read from its stream, with its deadlines and what remains to pay today. */
  @Get(':caseId')
  async get(
    @Ctx() context: RequestContext,
    @Param('caseId', ParseUUIDPipe) caseId: string,
  ): Promise<Reply<CaseView>> {
    const { state, version } = await this.load(context, caseId);
    const view = caseView(state, version, shanghaiDate(this.clock.now()));
    const streamId = caseStreamId(caseId);
    const persons = (view as { persons?: unknown }).persons;
    const [party, ...others] = await this.unlessRestricted(context, [
      { type: 'CaseOpened', streamId, data: { party: view.party } },
      ...(Array.isArray(persons) ? persons.map((person: unknown) => ({ type: 'CasePersonRecorded', streamId, data: { person } })) : []),
    ]);
    const masked = { ...view, party: (party as { party: CaseView['party'] }).party };
    if (Array.isArray(persons)) Object.assign(masked, { persons: others.map((other) => (other as { person: unknown }).person) });
    return withVersion(masked, version);
  }

  /** The whole-process timeline: every event with who recorded it, when it happened and when it was recorded. */
  @Get(':caseId/events')
  async events(@Ctx() context: RequestContext, @Param('caseId', ParseUUIDPipe) caseId: string): Promise<{ items: TimelineEntry[] }> {
    await this.load(context, caseId);
    const events = await this.store.readStream(caseStreamId(caseId));
    const data = await this.unlessRestricted(context, events);
    return {
      items: events.map((event, index) => ({
        version: event.streamVersion,
        type: event.type,
        occurredAt: event.metadata.occurredAt,
        recordedAt: event.recordedAt.toISOString(),
        actorId: event.metadata.actorId,
        actorRoles: event.metadata.actorRoles,
        data: data[index],
      })),
    };
  }

  /**
   * Re-verifies the case's hash chain against the ledger: a case cut back or deleted whole is reported broken or
   * missing, never ok.
   */
  @Get(':caseId/integrity')
  async integrity(@Ctx() context: RequestContext, @Param('caseId', ParseUUIDPipe) caseId: string): Promise<StreamIntegrity> {
    const streamId = caseStreamId(caseId);
    const agency = await this.logIntegrity.agencyOf(streamId);
    if (!agency || !canSeeAgency(context.actor, agency)) throw CaseErrors.notFound(caseId);
    return this.logIntegrity.verifyStream(streamId);
  }

  /**
   * A restricted person's data (个人信息保护法 Art. 47) shows as restricted, except to administrators and auditors:
   * the case goes on being processed as the law requires, but officers' reads no longer show who the person is.
   */
  private async unlessRestricted(context: RequestContext, items: readonly { type: string; streamId: string; data: unknown }[]): Promise<unknown[]> {
    return readsRestrictedData(context.actor) ? items.map((item) => item.data) : this.vault.maskRestricted(this.db, items);
  }

  private async load(context: RequestContext, caseId: string): Promise<{ state: OpenedCase; version: number }> {
    const { state, version } = await loadAggregate(this.store, caseStreamId(caseId), { evolve: evolveCase, initialState: initialCase });
    if (state.status === 'none' || !canSeeAgency(context.actor, state.agencyId)) throw CaseErrors.notFound(caseId);
    return { state, version };
  }
}
