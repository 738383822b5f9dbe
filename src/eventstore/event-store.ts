import { randomUUID } from 'node:crypto';
import {
  ANY,
  type AppendResult,
  type Checkpoint,
  type EventMetadata,
  type ExpectedVersion,
  NO_STREAM,
  type NewEvent,
  type StoredEvent,
  streamTypeOf,
} from './event.js';
import { DuplicateEventError, WrongExpectedVersionError } from './errors.js';
import { GENESIS_HASH, canonicalEventParts, chainHash } from './hash-chain.js';
import { UnitOfWork } from '../shared/database/unit-of-work.js';
import { type PersonalDataVault } from './personal-data/vault.js';
import { UpcasterRegistry } from './upcasters.js';
import type { PreparingExecutor, SqlExecutor } from '../shared/database/sql-executor.js';

const canPrepare = (executor: SqlExecutor): executor is PreparingExecutor => 'prepared' in executor;

/** The statements of the hot paths, prepared by name where the executor can. */
const APPEND_SQL = 'SELECT next_version, global_positions, last_hash FROM append_events($1, $2, $3, $4, $5, $6)';

interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_type: string;
  stream_version: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  agency_id: string;
  recorded_at: Date;
  prev_hash: Buffer;
  hash: Buffer;
}

// The xid8 goes out as text (it may exceed 2^53); ORDER BY must name events.transaction_id, not this alias.
const EVENT_COLUMNS = `global_position, transaction_id::text AS transaction_id, event_id, stream_id, stream_type,
  stream_version, type, schema_version, data, metadata, agency_id, recorded_at, prev_hash, hash`;

const READ_STREAM_SQL = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE stream_id = $1 AND stream_version >= $2 AND stream_version <= $3
  ORDER BY stream_version`;

export interface ReadStreamOptions {
  readonly fromVersion?: number;
  readonly toVersion?: number;
  /**
   * Reads inside a caller's transaction. A read on another connection while a transaction is open waits, on the
   * embedded database, for that transaction to end: there every connection shares one session. Without it, a read
   * inside a unit of work whose transaction has begun goes through that transaction.
   */
  readonly executor?: SqlExecutor;
}

export interface ReadAllOptions {
  /** Only these event types; the others are skipped (a projection that handles a few types reads only them). */
  readonly types?: readonly string[];
}

export type VerifyResult =
  | { readonly streamId: string; readonly ok: true; readonly version: number; readonly lastHash: string }
  | {
      readonly streamId: string;
      readonly ok: false;
      /** The first stream version whose link does not hold. */
      readonly brokenAtVersion: number;
      readonly reason: string;
    };

const WRONG_EXPECTED_VERSION = 'CT409';
const UNIQUE_VIOLATION = '23505';

/** Told of every append statement's outcome (metrics); called synchronously, so it must be cheap and not throw. */
export interface AppendObserver {
  appended(streamType: string, eventTypes: readonly string[]): void;
  conflicted(streamType: string): void;
}

/** The channel on which appends are announced to projection runners (see ProjectionRunner). */
export const EVENTS_CHANNEL = 'casetrail_events';
const NOTIFY_INTERVAL_MS = 20;

/**
 * Folded states by evolve function and stream, most recently used last, for one database. A load reads only the
 * events after the cached version, so it stays one short query however long the stream grows; the tail always comes
 * from the database, so appends by other instances are never missed. States are immutable, so sharing them is safe.
 */
export class AggregateCache {
  private byEvolve = new WeakMap<object, Map<string, { readonly state: unknown; readonly version: number }>>();

  constructor(private readonly capacity = 10_000) {}

  get(evolve: object, streamId: string): { readonly state: unknown; readonly version: number } | undefined {
    return this.byEvolve.get(evolve)?.get(streamId);
  }

  /** Drops every folded state (an erasure: states opened with a destroyed key must not outlive it). */
  forget(): void {
    this.byEvolve = new WeakMap();
  }

  remember(evolve: object, streamId: string, aggregate: { readonly state: unknown; readonly version: number }): void {
    let cache = this.byEvolve.get(evolve);
    if (!cache) {
      cache = new Map();
      this.byEvolve.set(evolve, cache);
    }
    cache.delete(streamId);
    cache.set(streamId, aggregate);
    if (cache.size > this.capacity) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  }
}

export class PostgresEventStore {
  readonly aggregates = new AggregateCache();

  /**
   * Drops what this instance holds opened with personal-data keys: the folded states and the cached keys. An
   * erasure calls it, so that no key and no value opened with it outlives the key's row.
   */
  forgetOpened(): void {
    this.aggregates.forget();
    this.personalData?.forgetKeys();
  }
  private notifying: Promise<void> | null = null;
  private notifyAgain = false;
  private readonly announceListeners = new Set<() => void>();
  private readonly observers = new Set<AppendObserver>();

  constructor(
    private readonly db: SqlExecutor,
    private readonly upcasters: UpcasterRegistry = new UpcasterRegistry(),
    private readonly clock: () => Date = () => new Date(),
    /**
     * Seals the declared personal fields at append and opens them on read (the app's, from src/personal-data).
     * Without it payloads are stored and read as they are: a store that only exports the log as stored, or a test's.
     */
    private readonly personalData: PersonalDataVault | null = null,
  ) {}

  /** Registers an observer of appends; returns the function that removes it. */
  observe(observer: AppendObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /**
   * Appends events to a stream in one round trip: the stream head is compare-and-set against `expectedVersion`
   * and the events are inserted, hash-chained, in the same transaction. On a stale version nothing is written and
   * a WrongExpectedVersionError names the current version.
   *
   * Without an executor, inside a request's unit of work (see UnitOfWork) the append joins the unit's transaction
   * and is announced once that commits.
   */
  async append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    metadata: Omit<EventMetadata, 'occurredAt'> & { readonly occurredAt?: string },
    executor: SqlExecutor = this.db,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`append to ${streamId} with no events`);
    const unit = executor === this.db ? UnitOfWork.current() : undefined;
    if (unit) {
      const appended = await unit.run((tx) => this.append(streamId, expectedVersion, events, metadata, tx));
      unit.afterCommit(() => this.announceAppend());
      return appended;
    }
    const recordedAt = this.clock().toISOString();
    const streamType = streamTypeOf(streamId);
    // A JSON round trip drops `undefined` members, so the hashed text is exactly what jsonb stores.
    const plain = events.map((event) => ({ type: event.type, data: JSON.parse(JSON.stringify(event.data ?? null)) as unknown }));
    // The hashes cover the sealed form: erasing a key later leaves every chain and the ledger verifiable.
    const stored = this.personalData ? await this.personalData.seal(executor, streamId, plain) : plain.map((event) => event.data);
    const payload = events.map((event, index) => {
      const eventId = event.eventId ?? randomUUID();
      const schemaVersion = event.schemaVersion ?? 1;
      const occurredAt = event.occurredAt ?? metadata.occurredAt ?? recordedAt;
      const data = stored[index];
      const eventMetadata: EventMetadata = {
        actorId: metadata.actorId,
        actorRoles: metadata.actorRoles,
        agencyId: metadata.agencyId,
        correlationId: metadata.correlationId,
        causationId: metadata.causationId,
        requestId: metadata.requestId,
        occurredAt,
      };
      const parts = canonicalEventParts({
        agencyId: metadata.agencyId,
        data,
        eventId,
        metadata: eventMetadata,
        recordedAt,
        schemaVersion,
        streamId,
        streamType,
        type: event.type,
      });
      return { eventId, type: event.type, schemaVersion, data, metadata: eventMetadata, ...parts };
    });
    const expected = expectedVersion === ANY ? null : expectedVersion === NO_STREAM ? 0 : expectedVersion;
    try {
      const parameters = [streamId, streamType, metadata.agencyId, expected, recordedAt, JSON.stringify(payload)];
      type Row = { next_version: string; global_positions: string[]; last_hash: Buffer };
      const rows = canPrepare(executor)
        ? await executor.prepared<Row[]>('casetrail_append_events', APPEND_SQL, parameters)
        : await executor.query<Row[]>(APPEND_SQL, parameters);
      const row = rows[0];
      if (!row) throw new Error('append_events returned no row');
      // Inside a caller's transaction the events are not visible yet: the caller announces them after its commit.
      if (executor === this.db) this.announceAppend();
      if (this.observers.size > 0) {
        const types = payload.map((event) => event.type);
        this.observers.forEach((observer) => observer.appended(streamType, types));
      }
      return {
        nextVersion: Number(row.next_version),
        globalPositions: row.global_positions.map(Number),
        lastHash: row.last_hash.toString('hex'),
      };
    } catch (error) {
      type PgError = { code?: string; hint?: string; constraint?: string };
      const pgError = (error as { driverError?: PgError }).driverError ?? (error as PgError);
      if (pgError.code === WRONG_EXPECTED_VERSION) {
        this.observers.forEach((observer) => observer.conflicted(streamType));
        throw new WrongExpectedVersionError(streamId, expectedVersion, Number(pgError.hint ?? '0'));
      }
      if (pgError.code === UNIQUE_VIOLATION && pgError.constraint === 'events_event_id_key') {
        throw new DuplicateEventError(streamId);
      }
      throw error;
    }
  }

  /**
   * Wakes the projection runners of every instance. Coalesced: while one NOTIFY is in flight or was sent less than
   * NOTIFY_INTERVAL_MS ago, the appends that commit meanwhile share the next one, so none is left unannounced and
   * a busy store sends at most one notification per interval.
   */
  announceAppend(): void {
    this.announceListeners.forEach((listener) => listener());
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = this.db
      .query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`)
      .then(
        () => undefined,
        // A lost notification only delays the runners until their next poll.
        () => undefined,
      )
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, NOTIFY_INTERVAL_MS).unref()))
      .finally(() => {
        this.notifying = null;
        if (this.notifyAgain) {
          this.notifyAgain = false;
          this.announceAppend();
        }
      });
  }

  /** Told of each announced append in this process, as it is announced; returns the function that stops it. */
  onAnnounce(listener: () => void): () => void {
    this.announceListeners.add(listener);
    return () => this.announceListeners.delete(listener);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const parameters = [streamId, options.fromVersion ?? 1, options.toVersion ?? Number.MAX_SAFE_INTEGER];
    // A request's own appends, not committed yet, are part of what it reads.
    const executor = options.executor ?? UnitOfWork.current()?.executor ?? this.db;
    const rows = canPrepare(executor)
      ? await executor.prepared<EventRow[]>('casetrail_read_stream', READ_STREAM_SQL, parameters)
      : await executor.query<EventRow[]>(READ_STREAM_SQL, parameters);
    return this.toEvents(rows, executor);
  }

  /** The current version of a stream, 0 when it does not exist. */
  async streamVersion(streamId: string): Promise<number> {
    const rows = await this.db.query<{ version: string }[]>('SELECT version FROM streams WHERE stream_id = $1', [
      streamId,
    ]);
    return rows[0] ? Number(rows[0].version) : 0;
  }

  /**
   * Events after `checkpoint` in commit order. Only transactions older than every transaction still running are
   * visible, so an event committed late by a slow transaction is never skipped: it waits until it is next in line.
   */
  async readAll(
    checkpoint: Checkpoint,
    limit: number,
    options: ReadAllOptions = {},
    executor: SqlExecutor = this.db,
  ): Promise<StoredEvent[]> {
    const params: unknown[] = [checkpoint.transactionId, checkpoint.globalPosition, limit];
    let typeFilter = '';
    if (options.types) {
      params.push(options.types);
      typeFilter = 'AND type = ANY($4::text[])';
    }
    const rows = await executor.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ${typeFilter}
       ORDER BY events.transaction_id, events.global_position
       LIMIT $3`,
      params,
    );
    return this.toEvents(rows, executor);
  }

  /**
   * The whole log in global order, a page at a time by keyset, as stored: not upcast and nothing opened, since the
   * hashes cover the stored form (an export, which an import must reproduce exactly). Give an executor in a
   * REPEATABLE READ transaction to read one snapshot: the pages then agree with each other and with anything else
   * read in it.
   */
  async *readLog(options: { readonly pageSize?: number; readonly executor?: SqlExecutor } = {}): AsyncGenerator<StoredEvent[]> {
    const executor = options.executor ?? this.db;
    const pageSize = options.pageSize ?? 2000;
    for (let after = 0; ; ) {
      const rows = await executor.query<EventRow[]>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
        [after, pageSize],
      );
      const last = rows.at(-1);
      if (!last) return;
      yield rows.map((row) => this.toEvent(row, { upcast: false }));
      if (rows.length < pageSize) return;
      after = Number(last.global_position);
    }
  }

  /**
   * The last event in commit order that every reader can see and that no running transaction can precede any more.
   * A reader that has looked at everything up to it may move its checkpoint there, matched or not.
   */
  async visibleHead(executor: SqlExecutor = this.db): Promise<Checkpoint | null> {
    const [row] = await executor.query<{ xid: string; global_position: string }[]>(
      `SELECT transaction_id::text AS xid, global_position FROM events
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY events.transaction_id DESC, events.global_position DESC
       LIMIT 1`,
    );
    return row ? { transactionId: row.xid, globalPosition: Number(row.global_position) } : null;
  }

  /** Recomputes a stream's hash chain from the stored rows and names the first link that does not hold. */
  async verifyStream(streamId: string): Promise<VerifyResult> {
    const [rows, heads] = await Promise.all([
      this.db.query<EventRow[]>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_version`,
        [streamId],
      ),
      this.db.query<{ version: string; last_hash: Buffer }[]>(
        'SELECT version, last_hash FROM streams WHERE stream_id = $1',
        [streamId],
      ),
    ]);
    const head = heads[0];
    return verifyChain(streamId, rows, head ? { version: Number(head.version), lastHash: head.last_hash.toString('hex') } : null);
  }

  /** Stored rows as events, their personal fields opened with the keys `executor` sees. */
  private async toEvents(rows: readonly EventRow[], executor: SqlExecutor): Promise<StoredEvent[]> {
    if (!this.personalData || rows.length === 0) return rows.map((row) => this.toEvent(row));
    const opened = await this.personalData.open(executor, rows);
    return rows.map((row, index) => this.toEvent({ ...row, data: opened[index] }));
  }

  private toEvent(row: EventRow, { upcast = true }: { readonly upcast?: boolean } = {}): StoredEvent {
    const { schemaVersion, data } = upcast
      ? this.upcasters.upcast(row.type, row.schema_version, row.data)
      : { schemaVersion: row.schema_version, data: row.data };
    return {
      globalPosition: Number(row.global_position),
      transactionId: row.transaction_id,
      eventId: row.event_id,
      streamId: row.stream_id,
      streamType: row.stream_type,
      streamVersion: Number(row.stream_version),
      type: row.type,
      schemaVersion,
      data,
      metadata: row.metadata,
      agencyId: row.agency_id,
      recordedAt: row.recorded_at,
      prevHash: row.prev_hash.toString('hex'),
      hash: row.hash.toString('hex'),
    };
  }
}

/** The stored columns the hash chain covers, as the pg driver returns them. */
export type ChainRow = Pick<
  EventRow,
  | 'stream_id'
  | 'stream_type'
  | 'stream_version'
  | 'event_id'
  | 'type'
  | 'schema_version'
  | 'data'
  | 'metadata'
  | 'agency_id'
  | 'recorded_at'
  | 'prev_hash'
  | 'hash'
>;

/**
 * Checks one stream's rows, in version order, against its head (null: no head row): every version present, every
 * prev_hash the previous hash, every hash recomputed from the row, and the head at the last event with its hash.
 */
export function verifyChain(
  streamId: string,
  rows: readonly ChainRow[],
  head: { readonly version: number; readonly lastHash: string } | null,
): VerifyResult {
  let prevHash = GENESIS_HASH;
  let expectedVersion = 1;
  for (const row of rows) {
    const version = Number(row.stream_version);
    const broken = (reason: string, at = version): VerifyResult => ({ streamId, ok: false, brokenAtVersion: at, reason });
    if (version !== expectedVersion) return broken(`version ${expectedVersion} is missing`, expectedVersion);
    if (row.prev_hash.toString('hex') !== prevHash) return broken('prev_hash does not match the previous event');
    const recomputed = chainHash(prevHash, {
      agencyId: row.agency_id,
      data: row.data,
      eventId: row.event_id,
      metadata: row.metadata,
      recordedAt: row.recorded_at.toISOString(),
      schemaVersion: row.schema_version,
      streamId: row.stream_id,
      streamType: row.stream_type,
      streamVersion: version,
      type: row.type,
    });
    if (recomputed !== row.hash.toString('hex')) return broken('the event does not match its hash');
    prevHash = recomputed;
    expectedVersion += 1;
  }
  const headVersion = head?.version ?? 0;
  if (headVersion !== rows.length) {
    return { streamId, ok: false, brokenAtVersion: rows.length + 1, reason: `the stream head says version ${headVersion}` };
  }
  if (head && head.lastHash !== prevHash) {
    return { streamId, ok: false, brokenAtVersion: headVersion, reason: 'the stream head hash does not match' };
  }
  return { streamId, ok: true, version: headVersion, lastHash: prevHash };
}
