import pg from 'pg';
import { type Checkpoint, START, compareCheckpoints } from '../event.js';
import { type PostgresEventStore } from '../event-store.js';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import { type Projection } from './projection.js';

export type WorkerState = 'stopped' | 'standby' | 'active';

export interface WorkerStatus {
  readonly name: string;
  readonly state: WorkerState;
  readonly checkpoint: Checkpoint | null;
  readonly lastError: string | null;
}

export interface WorkerOptions {
  readonly databaseUrl: string;
  readonly batchSize: number;
  /** A rebuild has no one waiting on each batch: larger batches spread a projection's per-statement cost wider. */
  readonly rebuildBatchSize: number;
  readonly onError: (projection: string, error: unknown) => void;
}

/**
 * Advisory locks are server-wide, not per database: the lock key is the projection's name within its database, so
 * that two databases on one server (staging beside production, the test databases) never hold each other up.
 */
const LOCK_KEY = `hashtext('casetrail.projection:' || current_database()), hashtext($1)`;

function executorFor(client: pg.Client): SqlExecutor {
  return {
    query: async <T>(sql: string, parameters?: unknown[]): Promise<T> =>
      (await client.query(sql, parameters)).rows as T,
  };
}

/**
 * Runs one projection on a connection of its own. It is active only while it holds the projection's advisory
 * lock, so across any number of app instances exactly one worker advances a projection; the others stand by and
 * take over when the holder's connection goes away.
 */
export class ProjectionWorker {
  private client: pg.Client | null = null;
  private holdsLock = false;
  private stopped = false;
  private checkpoint: Checkpoint | null = null;
  private lastError: string | null = null;
  /** Ticks and rebuilds run one at a time. */
  private serial: Promise<unknown> = Promise.resolve();

  constructor(
    readonly projection: Projection,
    private readonly store: PostgresEventStore,
    private readonly options: WorkerOptions,
  ) {}

  status(): WorkerStatus {
    return {
      name: this.projection.name,
      state: this.stopped ? 'stopped' : this.holdsLock ? 'active' : 'standby',
      checkpoint: this.checkpoint,
      lastError: this.lastError,
    };
  }

  /** Processes every visible event past the checkpoint; returns how many, or 0 while standing by. */
  tick(): Promise<number> {
    return this.serialized(async () => {
      try {
        const db = await this.acquire();
        if (!db) return 0;
        let processed = 0;
        for (;;) {
          const batch = await this.processBatch(db, this.options.batchSize);
          processed += batch;
          if (batch < this.options.batchSize) break;
        }
        this.lastError = null;
        return processed;
      } catch (error) {
        this.fail(error);
        return 0;
      }
    });
  }

  /** Empties the read model and replays the whole log into it. Only the active worker may rebuild. */
  rebuild(): Promise<number> {
    return this.serialized(async () => {
      const db = await this.acquire();
      if (!db) throw new Error(`projection ${this.projection.name} is active in another instance`);
      await db.query('BEGIN');
      try {
        await this.projection.reset(db);
        await this.saveCheckpoint(db, START);
        await db.query('COMMIT');
      } catch (error) {
        await db.query('ROLLBACK');
        throw error;
      }
      this.checkpoint = START;
      return this.untilDrained(db, 60_000, this.options.rebuildBatchSize);
    });
  }

  /** Like a tick, but returns only when no committed event of its types is left behind (or throws on timeout). */
  drain(timeoutMs: number): Promise<number> {
    return this.serialized(async () => {
      try {
        const db = await this.acquire();
        return db ? await this.untilDrained(db, timeoutMs, this.options.batchSize) : 0;
      } catch (error) {
        this.fail(error);
        throw error;
      }
    });
  }

  private async untilDrained(db: SqlExecutor, timeoutMs: number, batchSize: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let processed = 0;
    for (;;) {
      const batch = await this.processBatch(db, batchSize);
      processed += batch;
      if (batch === batchSize) continue;
      if ((await this.lag(db)) === 0) {
        this.lastError = null;
        return processed;
      }
      if (Date.now() > deadline) {
        throw new Error(`projection ${this.projection.name} could not reach the head of the log: a transaction stays open`);
      }
      // Committed events wait behind an older transaction that is still open; they become visible when it ends.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Events of this projection's types not yet applied (capped, so a far-behind projection stays cheap to ask). */
  async lag(db: SqlExecutor, cap = 100_000): Promise<number> {
    const [row] = await db.query<{ lag: number }[]>(
      `SELECT count(*)::int AS lag FROM (
         SELECT 1 FROM events e, projection_checkpoints c
         WHERE c.name = $1 AND (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)
           AND ($2::text[] IS NULL OR e.type = ANY($2::text[]))
         LIMIT $3) behind`,
      [this.projection.name, this.projection.eventTypes, cap],
    );
    return row?.lag ?? 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.serial.catch(() => undefined);
    await this.disconnect();
  }

  private async processBatch(db: SqlExecutor, batchSize: number): Promise<number> {
    const from = this.checkpoint ?? START;
    // Read before the events: all up to it is final, so a short batch has seen everything up to it. Moving there,
    // a projection of a few event types stops re-reading the events of all others on every tick.
    const head = await this.store.visibleHead(db);
    const events = await this.store.readAll(from, batchSize, this.projection.eventTypes ? { types: this.projection.eventTypes } : {}, db);
    const seenAll = events.length < batchSize;
    const last = events.at(-1);
    if (!last) {
      if (seenAll && head && compareCheckpoints(head, from) > 0) this.checkpoint = head;
      return 0;
    }
    // The transaction begins with the projection's first statement: a reactor that writes nothing here makes its call
    // outside any transaction, so no open transaction holds back the subscribers (or, on the embedded database,
    // every other connection) while it waits on Redis or a webhook.
    let begun: Promise<unknown> | null = null;
    const tx: SqlExecutor = {
      query: async <T>(sql: string, parameters?: unknown[]): Promise<T> => {
        await (begun ??= db.query('BEGIN'));
        return db.query<T>(sql, parameters);
      },
    };
    try {
      await this.projection.apply(events, tx);
      const lastApplied = { transactionId: last.transactionId, globalPosition: last.globalPosition };
      const next = seenAll && head && compareCheckpoints(head, lastApplied) > 0 ? head : lastApplied;
      await this.saveCheckpoint(tx, next);
      await db.query('COMMIT');
      this.checkpoint = next;
    } catch (error) {
      if (begun) await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    return events.length;
  }

  private async saveCheckpoint(db: SqlExecutor, checkpoint: Checkpoint): Promise<void> {
    await db.query(
      `UPDATE projection_checkpoints SET transaction_id = $2::xid8, global_position = $3, updated_at = now()
       WHERE name = $1`,
      [this.projection.name, checkpoint.transactionId, checkpoint.globalPosition],
    );
  }

  /** Connects and tries for the lock; returns the executor when this worker is the active one. */
  private async acquire(): Promise<SqlExecutor | null> {
    if (this.stopped) return null;
    if (!this.client) {
      const client = new pg.Client({
        connectionString: this.options.databaseUrl,
        application_name: `casetrail projection ${this.projection.name}`,
      });
      client.on('error', (error) => this.fail(error));
      await client.connect();
      this.client = client;
    }
    const db = executorFor(this.client);
    if (!this.holdsLock) {
      const [row] = await db.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_lock(${LOCK_KEY}) AS locked`,
        [this.projection.name],
      );
      if (!row?.locked) return null;
      this.holdsLock = true;
      await db.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [
        this.projection.name,
      ]);
      const [saved] = await db.query<{ transaction_id: string; global_position: string }[]>(
        'SELECT transaction_id::text AS transaction_id, global_position FROM projection_checkpoints WHERE name = $1',
        [this.projection.name],
      );
      this.checkpoint = saved
        ? { transactionId: saved.transaction_id, globalPosition: Number(saved.global_position) }
        : START;
    }
    return db;
  }

  private fail(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.onError(this.projection.name, error);
    void this.disconnect();
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.holdsLock = false;
    if (client) await client.end().catch(() => undefined);
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.serial.then(work, work);
    this.serial = next.catch(() => undefined);
    return next;
  }
}
