import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CalendarService } from '../calendar/calendar.service.js';
import { type CaseEvent, caseStreamId, evolveCase, initialCase } from '../cases/domain/case.js';
import { pinnedRuleSet } from '../cases/domain/rule-sets.js';
import type { DeadlineBasis, DeadlineChange, DeadlineSpec } from '../deadlines/domain/deadline.js';
import { type DeadlineKind, DeadlineKinds } from '../deadlines/domain/deadline-kinds.js';
import { handleCommand, loadAggregate } from '../eventstore/command-handling.js';
import type { StoredEvent } from '../eventstore/event.js';
import { PostgresEventStore } from '../eventstore/event-store.js';
import type { SqlExecutor } from '../shared/database/sql-executor.js';
import { Projection } from '../eventstore/projections/projection.js';
import { agencyDecider, agencyStreamId } from '../identity/domain/agency.js';
import type { LicensingEvent } from './domain/licensing.js';
import { isMinorOn, licensingRecordWithDoubts, penaltyRecordWithDoubts } from './domain/public-record.js';
import {
  PUBLICATION_WORKING_DAYS,
  type PublicationEvent,
  WITHDRAWAL_WORKING_DAYS,
  publicationDecider,
  publicationStreamId,
} from './domain/publication.js';
import { shanghaiDate } from '../shared/domain/calendar-date.js';

const REMEDY_TEXT = { reconsideration: '行政复议决定', lawsuit: '人民法院判决' } as const;
const OUTCOME_TEXT = {
  upheld: '维持',
  changed: '变更',
  revoked: '撤销',
  confirmed_illegal: '确认违法',
  confirmed_invalid: '确认无效',
} as const;
const remedyReason = (data: Extract<CaseEvent, { type: 'RemedyConcluded' }>['data']): string =>
  `经${REMEDY_TEXT[data.kind]}${OUTCOME_TEXT[data.outcome]}：${data.reason}`;

const systemMetadata = (event: StoredEvent) => ({
  actorId: 'system:publication',
  actorRoles: [],
  agencyId: event.agencyId,
  correlationId: event.metadata.correlationId,
  causationId: event.eventId,
  requestId: null,
  occurredAt: event.metadata.occurredAt,
});

/**
 * Prepares the publication of every penalty decision, and asks for the withdrawal of a published one whose decision
 * was revoked. A process manager on the event store: replaying a decision prepares nothing twice.
 */
@Projection()
@Injectable()
export class PublicationPreparer implements Projection {
  readonly name = 'publication-preparer';
  readonly eventTypes: readonly (CaseEvent | LicensingEvent)['type'][] = [
    'DecisionMade',
    'DecisionRevoked',
    'RemedyConcluded',
    'LicensingDecisionMade',
  ];

  constructor(
    private readonly store: PostgresEventStore,
    private readonly calendar: CalendarService,
  ) {}

  async apply(events: readonly StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const event = stored as unknown as StoredEvent & (CaseEvent | LicensingEvent);
      const caseId = stored.streamId.slice('case-'.length);
      if (event.type === 'LicensingDecisionMade') {
        await this.prepareLicensing(stored, event.data);
      } else if (event.type === 'DecisionMade' && event.data.outcome === 'penalty') {
        await this.prepare(stored, caseId);
      } else if (event.type === 'DecisionRevoked' || (event.type === 'RemedyConcluded' && event.data.outcome !== 'upheld')) {
        // APL Art. 48: a decision changed, revoked, confirmed illegal or invalid is withdrawn, its reason made public.
        const reason = event.type === 'DecisionRevoked' ? event.data.reason : remedyReason(event.data);
        await handleCommand(
          this.store,
          publicationStreamId(caseId),
          publicationDecider,
          { type: 'DecisionRevoked', occurredAt: event.data.occurredAt, calendar: this.calendar.current(), reason },
          { metadata: systemMetadata(stored) },
        ).catch((error: unknown) => {
          // A decision revoked before it was ever prepared (no penalty) has nothing to withdraw.
          if ((error as { code?: string }).code !== 'PUBLICATION_NOT_FOUND') throw error;
        });
      }
    }
  }

  async reset(): Promise<void> {
    // Publications are streams, not a read model: a replay finds them prepared and prepares nothing.
  }

  private async agency(agencyId: string): Promise<{ name: string; creditCode: string }> {
    const agency = await loadAggregate(this.store, agencyStreamId(agencyId), agencyDecider);
    return agency.state.status === 'registered' ? agency.state : { name: agencyId, creditCode: '' };
  }

  private async prepareLicensing(stored: StoredEvent, decision: LicensingEvent['data']): Promise<void> {
    const minor = decision.party.kind === 'person' && isMinorOn(decision.party.idNumber, decision.decisionDate);
    const { value: record, doubts } = licensingRecordWithDoubts(decision, await this.agency(decision.agencyId));
    await handleCommand(
      this.store,
      publicationStreamId(decision.licensingId),
      publicationDecider,
      {
        type: 'PreparePublication',
        occurredAt: stored.metadata.occurredAt,
        calendar: this.calendar.current(),
        publicationId: decision.licensingId,
        source: 'licensing',
        sourceStreamId: stored.streamId,
        agencyId: decision.agencyId,
        decisionDate: decision.decisionDate,
        record,
        doubts,
        withheldReason: minor ? 'minor' : null,
        workingDays: pinnedRuleSet(null, decision.decisionDate).publicationWorkingDays,
      },
      { metadata: systemMetadata(stored) },
    );
  }

  private async prepare(stored: StoredEvent, caseId: string): Promise<void> {
    const { state } = await loadAggregate(this.store, caseStreamId(caseId), { evolve: evolveCase, initialState: initialCase });
    if (state.status === 'none' || !state.decision) return;
    const details = await this.agency(state.agencyId);
    const decisionDate = state.decision.decisionDate;
    const minor = state.party.kind === 'person' && isMinorOn(state.party.idNumber, decisionDate);
    // Cleaned of every natural person recorded on the case, not only of the party.
    const { value: record, doubts } = penaltyRecordWithDoubts(state, details, state.persons);
    await handleCommand(
      this.store,
      publicationStreamId(caseId),
      publicationDecider,
      {
        type: 'PreparePublication',
        occurredAt: stored.metadata.occurredAt,
        calendar: this.calendar.current(),
        publicationId: caseId,
        source: 'penalty',
        sourceStreamId: stored.streamId,
        agencyId: state.agencyId,
        decisionDate,
        record,
        doubts,
        withheldReason: minor ? 'minor' : null,
        workingDays: pinnedRuleSet(state.decision.ruleSetVersion, decisionDate).publicationWorkingDays,
      },
      { metadata: systemMetadata(stored) },
    );
  }
}

const PUBLICATION_EVENT_TYPES: readonly PublicationEvent['type'][] = [
  'PublicationPrepared',
  'PublicationHeldForRedactionReview',
  'PublicationRedactionReleased',
  'PublicationPublished',
  'PublicationCancelled',
  'PublicationWithdrawalRequired',
  'PublicationWithdrawn',
];

/** The publication list (GET /api/publications), the public feed and the compliance figures. */
@Projection()
@Injectable()
export class PublicationsProjection implements Projection {
  readonly name = 'publications';
  readonly eventTypes = PUBLICATION_EVENT_TYPES;

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    for (const stored of events) {
      const event = stored as unknown as StoredEvent & PublicationEvent;
      const id = stored.streamId.slice('publication-'.length);
      switch (event.type) {
        case 'PublicationPrepared': {
          const d = event.data;
          await tx.query(
            `INSERT INTO publications (publication_id, source, source_stream_id, agency_id, status, decision_date, due_date,
                                       record, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [id, d.source, d.sourceStreamId, d.agencyId, d.withheldReason ? 'withheld' : 'pending', d.decisionDate, d.dueDate?.date ?? null, JSON.stringify(d.record), stored.streamVersion],
          );
          break;
        }
        case 'PublicationHeldForRedactionReview':
          await tx.query(`UPDATE publications SET status = 'redaction_review', version = $2 WHERE publication_id = $1`, [id, stored.streamVersion]);
          break;
        case 'PublicationRedactionReleased':
          await tx.query(`UPDATE publications SET status = 'pending', record = $2, version = $3 WHERE publication_id = $1`, [
            id,
            JSON.stringify(event.data.record),
            stored.streamVersion,
          ]);
          break;
        case 'PublicationPublished':
          await tx.query(
            `UPDATE publications SET status = 'published', published_on = $2, published_at = $3, on_time = $4, version = $5
             WHERE publication_id = $1`,
            [id, event.data.publishedOn, event.data.occurredAt, event.data.onTime, stored.streamVersion],
          );
          break;
        case 'PublicationCancelled':
          await tx.query(`UPDATE publications SET status = 'cancelled', version = $2 WHERE publication_id = $1`, [id, stored.streamVersion]);
          break;
        case 'PublicationWithdrawalRequired':
          await tx.query(
            `UPDATE publications SET status = 'withdrawal_required', withdrawal_due = $2, withdrawal_reason = $3, version = $4
             WHERE publication_id = $1`,
            [id, event.data.dueDate.date, event.data.reason, stored.streamVersion],
          );
          break;
        case 'PublicationWithdrawn':
          await tx.query(
            `UPDATE publications SET status = 'withdrawn', withdrawn_on = $2, version = $3 WHERE publication_id = $1`,
            [id, event.data.withdrawnOn, stored.streamVersion],
          );
          break;
        default:
          void (event satisfies never);
      }
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM publications');
  }
}

/** Publication within 7 working days, and withdrawal within 3: officers are reminded, the head told when missed. */
@Injectable()
export class PublicationDeadlines implements DeadlineKind, OnModuleInit {
  readonly kind = 'publication';
  readonly eventTypes = PUBLICATION_EVENT_TYPES;

  constructor(
    private readonly kinds: DeadlineKinds,
    private readonly store: PostgresEventStore,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  changesOf(stored: StoredEvent): DeadlineChange[] {
    const event = stored as unknown as StoredEvent & PublicationEvent;
    const id = stored.streamId.slice('publication-'.length);
    const spec = (what: 'publish' | 'withdraw', dueDate: string, provisional: boolean, basis: DeadlineBasis): DeadlineSpec => ({
      deadlineId: `${what}.${id}`,
      kind: this.kind,
      streamId: stored.streamId,
      agencyId: stored.agencyId,
      dueDate,
      provisional,
      basis,
      subject: what === 'publish' ? '行政处罚决定公示' : '撤回已公示的行政处罚决定',
      notify: { reminder: 'officer', due: 'officer', overdue: 'head' },
    });
    const met = (what: 'publish' | 'withdraw'): DeadlineChange => ({
      change: 'met',
      deadlineId: `${what}.${id}`,
      streamId: stored.streamId,
      metAt: event.data.occurredAt,
    });
    switch (event.type) {
      case 'PublicationPrepared':
        return event.data.dueDate
          ? [
              {
                change: 'set',
                spec: spec('publish', event.data.dueDate.date, event.data.dueDate.provisional, {
                  from: event.data.decisionDate,
                  workingDays: PUBLICATION_WORKING_DAYS,
                }),
              },
            ]
          : [];
      case 'PublicationPublished':
      case 'PublicationCancelled':
        return [met('publish')];
      case 'PublicationWithdrawalRequired':
        return [
          {
            change: 'set',
            spec: spec('withdraw', event.data.dueDate.date, event.data.dueDate.provisional, {
              from: shanghaiDate(event.data.occurredAt),
              workingDays: WITHDRAWAL_WORKING_DAYS,
            }),
          },
        ];
      case 'PublicationWithdrawn':
        return [met('withdraw')];
      default:
        return [];
    }
  }

  async stillDue(spec: DeadlineSpec): Promise<boolean> {
    const { state } = await loadAggregate(this.store, spec.streamId, publicationDecider);
    // Held for redaction review is not published: the 7 working days run on, and their alerts fire.
    return spec.deadlineId.startsWith('publish.')
      ? state.status === 'pending' || state.status === 'redaction_review'
      : state.status === 'withdrawal_required';
  }
}
