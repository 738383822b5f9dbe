import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { evolveCase, initialCase } from '../cases/domain/case.js';
import { loadAggregate } from '../eventstore/command-handling.js';
import { ANY } from '../eventstore/event.js';
import { PostgresEventStore } from '../eventstore/event-store.js';
import { PersonalDataVault, type SubjectState } from '../eventstore/personal-data/vault.js';
import { canSeeAgency } from '../shared/domain/roles.js';
import { licensingDecider } from '../publication/domain/licensing.js';
import { Clock } from '../shared/clock.js';
import { type CalendarDate, shanghaiDate } from '../shared/domain/calendar-date.js';
import { type RequestContext } from '../shared/http/request-context.js';
import { metadataFor } from '../eventstore/request-metadata.js';
import type { SqlExecutor } from '../shared/database/sql-executor.js';
import { FreeTextErasure, type TextErasure } from './free-text-erasure.js';
import { type PersonalDataEvent, personalDataStreamId } from './domain/personal-data-events.js';
import { assertLiftable } from './domain/restriction.js';
import {
  PersonalDataErrors,
  type RecordFacts,
  type RecordRetention,
  type RetentionRule,
  assertErasable,
  erasableFrom,
  retentionOf,
} from './domain/retention.js';

export const RETENTION_RULES = Symbol('RETENTION_RULES');

export interface SubjectStatus {
  readonly subjectId: string;
  readonly state: SubjectState;
  readonly createdAt: string;
  readonly restrictedAt: string | null;
  readonly erasedAt: string | null;
  readonly erasedBy: string | null;
  readonly reason: string | null;
  readonly records: readonly RecordRetention[];
  /** The first day erasure is allowed; null while a record is open or kept without end. */
  readonly erasableFrom: CalendarDate | null;
}

interface KeyRow {
  subject_id: string;
  created_at: Date;
  restricted_at: Date | null;
  erased_at: Date | null;
  erased_by: string | null;
  reason: string | null;
}

interface Erasure {
  readonly occurredAt: string;
  readonly erasedBy: string;
  readonly reason: string;
  readonly retentionPassedOn: CalendarDate;
}

/** The audit event of one destroyed key, with the cleaned copies kept of its free texts, if any. */
function erasedEvent(
  erasure: Erasure,
  subjectId: string,
  records: string[],
  texts: TextErasure | undefined,
  erasedWith?: string,
): Extract<PersonalDataEvent, { type: 'PersonalDataErased' }> {
  return {
    type: 'PersonalDataErased',
    data: {
      ...erasure,
      subjectId,
      records,
      ...(erasedWith ? { erasedWith } : {}),
      ...(texts ? { retained: texts.copies.map(({ digest, value }) => ({ digest: digest.toString('hex'), value })) } : {}),
    },
  };
}

/**
 * Restriction and erasure of a data subject. Erasure destroys the subject's key in the same transaction that
 * appends PersonalDataErased, then empties and replays the read models so none keeps a copy of what was opened.
 */
@Injectable()
export class PersonalDataService {
  constructor(
    private readonly db: DataSource,
    private readonly store: PostgresEventStore,
    private readonly vault: PersonalDataVault,
    private readonly clock: Clock,
    private readonly freeTexts: FreeTextErasure,
    @Inject(RETENTION_RULES) private readonly rules: readonly RetentionRule[],
  ) {}

  /** The subjects kept for a record (a case or licensing stream), for finding whom to restrict or erase. */
  async subjectsOf(context: RequestContext, recordId: string): Promise<SubjectStatus[]> {
    const rows = await this.db.query<{ subject_id: string }[]>(
      'SELECT subject_id FROM personal_data_records WHERE record_id = $1 ORDER BY subject_id',
      [recordId],
    );
    return Promise.all(rows.map((row) => this.status(context, row.subject_id)));
  }

  async status(context: RequestContext, subjectId: string): Promise<SubjectStatus> {
    const [row] = await this.db.query<KeyRow[]>(
      'SELECT subject_id, created_at, restricted_at, erased_at, erased_by, reason FROM personal_data_keys WHERE subject_id = $1',
      [subjectId],
    );
    if (!row) throw PersonalDataErrors.unknownSubject(subjectId);
    const records = await this.recordsOf(context, subjectId);
    return {
      subjectId,
      state: row.erased_at ? 'erased' : row.restricted_at ? 'restricted' : 'active',
      createdAt: row.created_at.toISOString(),
      restrictedAt: row.restricted_at?.toISOString() ?? null,
      erasedAt: row.erased_at?.toISOString() ?? null,
      erasedBy: row.erased_by,
      reason: row.reason,
      records,
      erasableFrom: erasableFrom(records),
    };
  }

  /** Keeps the data but out of public output and non-legal reads; allowed at any time, once. */
  async restrict(context: RequestContext, subjectId: string, reason: string): Promise<SubjectStatus> {
    const before = await this.status(context, subjectId);
    if (before.state === 'erased') throw PersonalDataErrors.alreadyErased(subjectId);
    if (before.state === 'restricted') return before;
    const now = this.clock.now();
    await this.db.transaction(async (manager) => {
      const restricted = await manager.query<unknown[]>(
        `WITH changed AS (UPDATE personal_data_keys SET restricted_at = $2, restricted_by = $3, reason = $4
           WHERE subject_id = $1 AND restricted_at IS NULL AND erased_at IS NULL RETURNING subject_id)
         SELECT subject_id FROM changed`,
        [subjectId, now, context.actor.id, reason],
      );
      // Restricted meanwhile by another request: that one recorded it.
      if (restricted.length === 0) return;
      const event: PersonalDataEvent = {
        type: 'PersonalDataRestricted',
        data: { occurredAt: now.toISOString(), subjectId, restrictedBy: context.actor.id, reason },
      };
      await this.store.append(personalDataStreamId(subjectId), ANY, [event], metadataFor(context, context.actor.agencyId, now.toISOString()), manager);
    });
    this.store.announceAppend();
    return this.status(context, subjectId);
  }

  /** Destroys the subject's key once the retention of every record the subject appears in has passed. */
  async erase(context: RequestContext, subjectId: string, reason: string): Promise<SubjectStatus> {
    const before = await this.status(context, subjectId);
    if (before.state === 'erased') throw PersonalDataErrors.alreadyErased(subjectId);
    const now = this.clock.now();
    const passedOn = assertErasable(subjectId, before.records, shanghaiDate(now));
    const recordIds = before.records.map((record) => record.recordId);
    // Cleaned while every key still opens them; a text appended meanwhile reads as erased, never in the clear.
    const texts = await this.freeTexts.prepare(this.db, recordIds);
    const metadata = metadataFor(context, context.actor.agencyId, now.toISOString());
    const erasure: Erasure = { occurredAt: now.toISOString(), erasedBy: context.actor.id, reason, retentionPassedOn: passedOn };
    await this.db.transaction(async (manager) => {
      if (!(await this.destroyKey(manager, subjectId, now, context.actor.id, reason))) throw PersonalDataErrors.alreadyErased(subjectId);
      const own = texts.find((text) => text.subjectId === subjectId);
      if (own) await this.vault.retain(manager, subjectId, own.copies);
      await this.store.append(personalDataStreamId(subjectId), ANY, [erasedEvent(erasure, subjectId, recordIds, own)], metadata, manager);
      for (const text of texts.filter((text) => text.subjectId !== subjectId)) {
        const shredReason = `${reason} (with ${subjectId})`;
        // Erased already by a concurrent erasure of another person of the record, with its own copies.
        if (!(await this.destroyKey(manager, text.subjectId, now, context.actor.id, shredReason))) continue;
        await this.vault.retain(manager, text.subjectId, text.copies);
        const event = erasedEvent({ ...erasure, reason: shredReason }, text.subjectId, [text.recordId], text, subjectId);
        await this.store.append(personalDataStreamId(text.subjectId), ANY, [event], metadata, manager);
      }
    });
    this.store.announceAppend();
    // The folded states in memory were opened with the key: none may outlive it. Here at once; the other instances,
    // and every read model (rebuilt once, where it is held), when the erasure reaches them through the log
    // (ErasureFollower, erasure-propagation.ts).
    this.store.forgetOpened();
    return this.status(context, subjectId);
  }

  /** Destroys a subject's key; false when it was erased already (or never had one). */
  private async destroyKey(executor: SqlExecutor, subjectId: string, now: Date, erasedBy: string, reason: string): Promise<boolean> {
    const erased = await executor.query<unknown[]>(
      `WITH changed AS (UPDATE personal_data_keys SET key = NULL, erased_at = $2, erased_by = $3, reason = $4
         WHERE subject_id = $1 AND erased_at IS NULL RETURNING subject_id)
       SELECT subject_id FROM changed`,
      [subjectId, now, erasedBy, reason],
    );
    return erased.length > 0;
  }

  /**
   * Shows the person again in public output and officers' reads: clears the restriction on the key row in the
   * transaction that appends PersonalDataRestrictionLifted, which (with the PersonalDataRestricted before it) keeps
   * who restricted and lifted, when and why.
   */
  async liftRestriction(context: RequestContext, subjectId: string, reason: string): Promise<SubjectStatus> {
    const before = await this.status(context, subjectId);
    assertLiftable(subjectId, before.state);
    const now = this.clock.now();
    await this.db.transaction(async (manager) => {
      const lifted = await manager.query<unknown[]>(
        `WITH changed AS (UPDATE personal_data_keys SET restricted_at = NULL, restricted_by = NULL, reason = NULL
           WHERE subject_id = $1 AND restricted_at IS NOT NULL AND erased_at IS NULL RETURNING subject_id)
         SELECT subject_id FROM changed`,
        [subjectId],
      );
      // Lifted meanwhile by another request: that one recorded it.
      if (lifted.length === 0) return;
      const event: PersonalDataEvent = {
        type: 'PersonalDataRestrictionLifted',
        data: { occurredAt: now.toISOString(), subjectId, liftedBy: context.actor.id, reason },
      };
      await this.store.append(personalDataStreamId(subjectId), ANY, [event], metadataFor(context, context.actor.agencyId, now.toISOString()), manager);
    });
    this.store.announceAppend();
    const after = await this.status(context, subjectId);
    // Erased meanwhile: the lifting did not happen, and the person will not show again.
    if (after.state === 'erased') throw PersonalDataErrors.alreadyErased(subjectId);
    return after;
  }

  private async recordsOf(context: RequestContext, subjectId: string): Promise<RecordRetention[]> {
    const rows = await this.db.query<{ record_id: string }[]>(
      'SELECT record_id FROM personal_data_records WHERE subject_id = $1 ORDER BY record_id',
      [subjectId],
    );
    const facts = await Promise.all(rows.map((row) => this.factsOf(context, row.record_id)));
    return facts.map((fact) => retentionOf(fact, this.rules));
  }

  private async factsOf(context: RequestContext, recordId: string): Promise<RecordFacts> {
    if (recordId.startsWith('case-')) {
      const { state } = await loadAggregate(this.store, recordId, { evolve: evolveCase, initialState: initialCase });
      if (state.status === 'none') return { recordId, kind: 'unknown' };
      this.authorize(context, state.agencyId, recordId);
      return {
        recordId,
        kind: state.decision?.outcome === 'penalty' ? 'penalty_case' : 'case',
        closedOn: state.closure ? shanghaiDate(state.closure.at) : null,
      };
    }
    if (recordId.startsWith('review-')) {
      // A review's texts are kept as long as the case it reviews.
      const caseStream = await this.freeTexts.caseOf(recordId);
      return caseStream === null ? { recordId, kind: 'unknown' } : { ...(await this.factsOf(context, caseStream)), recordId };
    }
    if (recordId.startsWith('licensing-')) {
      const { state } = await loadAggregate(this.store, recordId, licensingDecider);
      if (state.status === 'none') return { recordId, kind: 'unknown' };
      this.authorize(context, state.agencyId, recordId);
      return { recordId, kind: 'licensing', decisionDate: state.decisionDate };
    }
    return { recordId, kind: 'unknown' };
  }

  private authorize(context: RequestContext, agencyId: string, recordId: string): void {
    if (!canSeeAgency(context.actor, agencyId)) throw PersonalDataErrors.unknownSubject(recordId);
  }
}
