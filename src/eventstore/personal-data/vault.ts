import { createHash } from 'node:crypto';
import { DomainError } from '../../shared/domain/errors.js';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import type { StoredKey, SubjectKeyCustody } from './key-wrapping.js';
import type { PersonalDataRegistry } from './registry.js';
import { type SealedValue, isSealed, newSubjectKey, open, seal } from './sealing.js';

export type SubjectState = 'active' | 'restricted' | 'erased';

/** What a restricted person's fields read as where processing is restricted (public pages, officers' reads). */
export const RESTRICTED = '[已限制]';

/** Names a sealed value without revealing anything of it: the digest of its box. */
const digestOf = (sealed: SealedValue): Buffer => createHash('sha256').update(sealed.subject).update('\0').update(sealed.box).digest();

/** The columns of a key row that hold its key, in either form (see key-wrapping.ts). */
const KEY_COLUMNS = 'subject_id, key, wrapped_key, kek_id';

/**
 * Seals the declared personal fields of events under their subjects' keys at append, and opens them on read. A
 * subject whose key was destroyed reads as each field's erased placeholder; payloads written before sealing (or
 * fields without a value) pass through as they are.
 */
export class PersonalDataVault {
  /**
   * Unwrapped keys of live subjects this instance has used, and the subject-record pairs it knows are recorded, so
   * that an append or read of a subject seen before costs no query. Emptied by `forgetKeys()`, which an erasure
   * calls in its own instance at once and in every other one when the erasure reaches it (docs/retention.md).
   */
  private readonly cachedKeys = new Map<string, Buffer>();
  private readonly recordedPairs = new Set<string>();

  /** `keys` wraps the subjects' keys as they are stored and unwraps them as they are read. */
  constructor(
    readonly registry: PersonalDataRegistry,
    private readonly keys: SubjectKeyCustody,
    private readonly cacheLimit = 10_000,
  ) {}

  /** Drops every cached key: after an erasure, no key of this instance may outlive its row. */
  forgetKeys(): void {
    this.cachedKeys.clear();
    this.recordedPairs.clear();
  }

  private remember(keys: ReadonlyMap<string, Buffer>, pairs: readonly string[] = []): void {
    if (this.cachedKeys.size + keys.size > this.cacheLimit) this.cachedKeys.clear();
    if (this.recordedPairs.size + pairs.length > this.cacheLimit) this.recordedPairs.clear();
    for (const [subject, key] of keys) this.cachedKeys.set(subject, key);
    for (const pair of pairs) this.recordedPairs.add(pair);
  }

  /** The events' data with their personal fields sealed; creates the keys of new subjects in `executor`. */
  async seal(executor: SqlExecutor, streamId: string, events: readonly { type: string; data: unknown }[]): Promise<unknown[]> {
    const subjects = new Map<string, Set<string>>();
    for (const event of events) {
      for (const { subject, record } of this.registry.subjectsOf(event.type, { streamId, data: event.data })) {
        const records = subjects.get(subject) ?? new Set<string>();
        records.add(record);
        subjects.set(subject, records);
      }
    }
    if (subjects.size === 0) return events.map((event) => event.data);
    const keys = await this.keysFor(executor, subjects);
    return events.map((event) =>
      this.registry.rewrite(event.type, { streamId, data: event.data }, ({ declaration, subject, person }) => {
        const key = keys.get(subject);
        if (!key) throw new Error(`no key for ${subject}`);
        const sealed: Record<string, unknown> = { ...person };
        for (const field of Object.keys(declaration.fields)) {
          const value = person[field];
          if (value !== undefined && value !== null && !isSealed(value)) sealed[field] = seal(subject, key, value);
        }
        return sealed;
      }),
    );
  }

  /**
   * Each row's data with its sealed fields opened. A field whose key was destroyed reads as the copy kept at erasure
   * (a free text cleaned of the record's persons) or else as its erased placeholder.
   */
  async open(executor: SqlExecutor, rows: readonly { type: string; stream_id: string; data: unknown }[]): Promise<unknown[]> {
    const sealedValues = rows.flatMap((row) => this.sealedIn(row));
    if (sealedValues.length === 0) return rows.map((row) => row.data);
    const subjects = [...new Set(sealedValues.map((value) => value.subject))];
    const keys = new Map(subjects.flatMap((subject) => {
      const key = this.cachedKeys.get(subject);
      return key ? [[subject, key] as const] : [];
    }));
    const unknown = subjects.filter((subject) => !keys.has(subject));
    if (unknown.length > 0) {
      const found = await executor.query<(StoredKey & { uncommitted: boolean })[]>(
        `SELECT ${KEY_COLUMNS}, coalesce(xmin::text = (pg_current_xact_id_if_assigned()::text::numeric % 4294967296)::text, false) AS uncommitted
         FROM personal_data_keys WHERE subject_id = ANY($1::text[]) AND erased_at IS NULL`,
        [unknown],
      );
      for (const row of found) {
        const opened = new Map(this.opened(row));
        // A key this very transaction created is not remembered: it may yet roll back.
        if (!row.uncommitted) this.remember(opened);
        for (const [subject, key] of opened) keys.set(subject, key);
      }
    }
    const retained = await this.retainedCopies(executor, sealedValues.filter((value) => !keys.has(value.subject)));
    return rows.map((row) =>
      this.registry.rewrite(row.type, { streamId: row.stream_id, data: row.data }, ({ declaration, person }) => {
        let opened: Record<string, unknown> | null = null;
        for (const [field, erased] of Object.entries(declaration.fields)) {
          const value = person[field];
          if (!isSealed(value)) continue;
          opened ??= { ...person };
          const key = keys.get(value.subject);
          // No key: destroyed by an erasure, or never brought along (a log imported without its keys).
          opened[field] = key ? open(value, key) : (retained.get(value.box) ?? erased);
        }
        return opened ?? person;
      }),
    );
  }

  /**
   * Every value of `subject` sealed in the events of `streamIds`, opened, with the digest that names it: what an
   * erasure may keep a cleaned copy of before it destroys the key. Empty once the key is gone.
   */
  async sealedValuesOf(executor: SqlExecutor, subject: string, streamIds: readonly string[]): Promise<{ digest: Buffer; value: unknown }[]> {
    const [keyRow] = await executor.query<StoredKey[]>(`SELECT ${KEY_COLUMNS} FROM personal_data_keys WHERE subject_id = $1 AND erased_at IS NULL`, [subject]);
    const key = keyRow ? this.keys.open(keyRow) : null;
    if (!key || streamIds.length === 0) return [];
    const rows = await executor.query<{ type: string; stream_id: string; data: unknown }[]>(
      'SELECT type, stream_id, data FROM events WHERE stream_id = ANY($1::text[]) ORDER BY global_position',
      [[...streamIds]],
    );
    return rows
      .flatMap((row) => this.sealedIn(row))
      .filter((sealed) => sealed.subject === subject)
      .map((sealed) => ({ digest: digestOf(sealed), value: open(sealed, key) }));
  }

  /** Keeps `copies` of sealed values of `subject` to read in their place once its key is destroyed. */
  async retain(executor: SqlExecutor, subject: string, copies: readonly { digest: Buffer; value: unknown }[]): Promise<void> {
    if (copies.length === 0) return;
    await executor.query(
      `INSERT INTO personal_data_retained (subject_id, digest, value)
       SELECT $1, * FROM unnest($2::bytea[], $3::jsonb[]) ON CONFLICT DO NOTHING`,
      [subject, copies.map((copy) => copy.digest), copies.map((copy) => JSON.stringify(copy.value))],
    );
  }

  /** The copies kept for sealed values whose key is gone, by their box. */
  private async retainedCopies(executor: SqlExecutor, values: readonly SealedValue[]): Promise<Map<string, unknown>> {
    if (values.length === 0) return new Map();
    const byDigest = new Map(values.map((value) => [digestOf(value).toString('hex'), value.box] as const));
    const rows = await executor.query<{ digest: Buffer; value: unknown }[]>(
      'SELECT digest, value FROM personal_data_retained WHERE subject_id = ANY($1::text[]) AND digest = ANY($2::bytea[])',
      [[...new Set(values.map((value) => value.subject))], values.map(digestOf)],
    );
    return new Map(rows.flatMap((row) => {
      const box = byDigest.get(row.digest.toString('hex'));
      return box === undefined ? [] : [[box, row.value] as const];
    }));
  }

  /** The sealed values of a row's declared fields. */
  private sealedIn(row: { type: string; stream_id: string; data: unknown }): SealedValue[] {
    if (!this.registry.declares(row.type)) return [];
    const found: SealedValue[] = [];
    this.registry.rewrite(row.type, { streamId: row.stream_id, data: row.data }, ({ declaration, person }) => {
      for (const field of Object.keys(declaration.fields)) {
        const value = person[field];
        if (isSealed(value)) found.push(value);
      }
      return person;
    });
    return found;
  }

  /** The state of each subject asked about; subjects never sealed are active. */
  async states(executor: SqlExecutor, subjects: readonly string[]): Promise<Map<string, SubjectState>> {
    const states = new Map<string, SubjectState>(subjects.map((subject) => [subject, 'active']));
    if (subjects.length === 0) return states;
    const rows = await executor.query<{ subject_id: string; restricted: boolean; erased: boolean }[]>(
      `SELECT subject_id, restricted_at IS NOT NULL AS restricted, erased_at IS NOT NULL AS erased
       FROM personal_data_keys WHERE subject_id = ANY($1::text[])`,
      [[...new Set(subjects)]],
    );
    for (const row of rows) states.set(row.subject_id, row.erased ? 'erased' : row.restricted ? 'restricted' : 'active');
    return states;
  }

  /**
   * The event's data with the fields of the given subjects shown as `placeholder` (values that are absent stay
   * absent): how a restricted person appears where processing is restricted.
   */
  mask(eventType: string, event: { streamId: string; data: unknown }, subjects: ReadonlySet<string>, placeholder = RESTRICTED): unknown {
    if (subjects.size === 0) return event.data;
    return this.registry.rewrite(eventType, event, ({ declaration, subject, person }) => {
      if (!subjects.has(subject)) return person;
      const masked: Record<string, unknown> = { ...person };
      for (const field of Object.keys(declaration.fields)) {
        if (person[field] !== undefined && person[field] !== null) masked[field] = placeholder;
      }
      return masked;
    });
  }

  /**
   * Each item's data with the fields of its restricted subjects shown as RESTRICTED, for output where processing is
   * restricted. An item is shaped like the event that declares it (a case's party as `CaseOpened` data).
   */
  async maskRestricted(executor: SqlExecutor, items: readonly { type: string; streamId: string; data: unknown }[]): Promise<unknown[]> {
    const subjects = items.flatMap((item) => this.registry.subjectsOf(item.type, item).map(({ subject }) => subject));
    if (subjects.length === 0) return items.map((item) => item.data);
    const states = await this.states(executor, subjects);
    const restricted = new Set([...states].filter(([, state]) => state === 'restricted').map(([subject]) => subject));
    return items.map((item) => this.mask(item.type, item, restricted));
  }

  /** The subject's key of a row, unwrapped: none once erased. */
  private opened(row: StoredKey): [string, Buffer][] {
    const key = this.keys.open(row);
    return key ? [[row.subject_id, key]] : [];
  }

  /**
   * Creates the missing keys (stored wrapped under the current KEK) and records, and returns the key of every
   * subject; an erased subject is refused.
   */
  private async keysFor(executor: SqlExecutor, subjects: ReadonlyMap<string, ReadonlySet<string>>): Promise<Map<string, Buffer>> {
    const ids = [...subjects.keys()];
    const records = [...subjects].flatMap(([subject, of]) => [...of].map((record) => [subject, record] as const));
    const pairs = records.map(([subject, record]) => `${subject}\0${record}`);
    // Every subject live and recorded when last seen here: an erasure since would have emptied the cache.
    if (ids.every((subject) => this.cachedKeys.has(subject)) && pairs.every((pair) => this.recordedPairs.has(pair))) {
      return new Map(ids.map((subject) => [subject, this.cachedKeys.get(subject) as Buffer]));
    }
    // The SELECT sees the table as it was before the statement: a key inserted here comes back from RETURNING.
    const wrapped = ids.map((subject) => this.keys.wrap(subject, newSubjectKey()));
    const rows = await executor.query<(StoredKey & { erased: boolean; uncommitted: boolean })[]>(
      `WITH inserted AS (
         INSERT INTO personal_data_keys (subject_id, wrapped_key, kek_id)
         SELECT * FROM unnest($1::text[], $2::bytea[], $3::text[]) ON CONFLICT (subject_id) DO NOTHING
         RETURNING ${KEY_COLUMNS}
       ), recorded AS (
         INSERT INTO personal_data_records (subject_id, record_id)
         SELECT * FROM unnest($4::text[], $5::text[]) ON CONFLICT DO NOTHING
       )
       SELECT ${KEY_COLUMNS}, false AS erased, true AS uncommitted FROM inserted
       UNION ALL
       SELECT ${KEY_COLUMNS}, erased_at IS NOT NULL AS erased,
              coalesce(xmin::text = (pg_current_xact_id_if_assigned()::text::numeric % 4294967296)::text, false) AS uncommitted
       FROM personal_data_keys WHERE subject_id = ANY($1::text[])`,
      [
        ids,
        wrapped.map(({ wrappedKey }) => wrappedKey),
        wrapped.map(({ kekId }) => kekId),
        records.map(([subject]) => subject),
        records.map(([, record]) => record),
      ],
    );
    const keys = new Map<string, Buffer>();
    // Only keys already committed are remembered: this transaction may still roll back and take its new keys along.
    const committed = new Map<string, Buffer>();
    for (const row of rows) {
      if (row.erased) {
        throw new DomainError('PERSONAL_DATA_ERASED', `The personal data of ${row.subject_id} was erased; it cannot be recorded again`, 'conflict', {
          subjectId: row.subject_id,
        });
      }
      for (const [subject, key] of this.opened(row)) {
        keys.set(subject, key);
        if (!row.uncommitted) committed.set(subject, key);
      }
    }
    // A subject's record is derived from its id (party:case-…), so a committed key's record was committed with it.
    this.remember(committed, records.filter(([subject]) => committed.has(subject)).map(([subject, record]) => `${subject}\0${record}`));
    return keys;
  }
}
