import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { Checkpoint, StoredEvent } from '../eventstore/event.js';
import { PostgresEventStore } from '../eventstore/event-store.js';
import { Projection } from '../eventstore/projections/projection.js';
import { ProjectionRunner } from '../eventstore/projections/projection-runner.js';
import { APP_CONFIG } from '../shared/config/config.module.js';
import type { AppConfig } from '../shared/config/config.js';
import type { SqlExecutor } from '../shared/database/sql-executor.js';
import { type ErasureRebuild, isNewErasure, latestErasure, pendingRebuilds } from './erasure-rebuilds.js';

/** Notified (on commit) when the reactor has told the read models of an erasure: every instance looks at once. */
export const ERASURES_CHANNEL = 'casetrail_erasures';

interface RebuildRow {
  projection: string;
  erased_transaction_id: string;
  erased_position: string;
  rebuilt_transaction_id: string | null;
  rebuilt_position: string | null;
}

const toRebuild = (row: RebuildRow): ErasureRebuild => ({
  projection: row.projection,
  erased: { transactionId: row.erased_transaction_id, globalPosition: Number(row.erased_position) },
  rebuilt:
    row.rebuilt_transaction_id === null || row.rebuilt_position === null
      ? null
      : { transactionId: row.rebuilt_transaction_id, globalPosition: Number(row.rebuilt_position) },
});

const REBUILD_ROWS_SQL = `SELECT projection, erased_transaction_id::text AS erased_transaction_id, erased_position,
    rebuilt_transaction_id::text AS rebuilt_transaction_id, rebuilt_position
  FROM personal_data_erasure_rebuilds`;

/**
 * The log's PersonalDataErased, turned into a rebuild due for every read model: one row per read model, raised to the
 * latest erasure in the checkpoint's transaction, so each erasure is told exactly once, whichever instance appended it,
 * and an instance that was down catches up from the checkpoint. It rebuilds nothing itself: a read model is rebuilt by
 * the instance that holds it (ErasureFollower), which this reactor may not be.
 */
@Projection()
@Injectable()
export class ErasureRebuildsReactor implements Projection {
  readonly name = 'personal-data-erasures';
  readonly eventTypes: readonly string[] = ['PersonalDataErased'];
  // Replayed, it would raise every read model's rebuild again for erasures long handled.
  readonly rebuildable = false;

  constructor(private readonly runner: ProjectionRunner) {}

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    const last = events.at(-1);
    const names = this.runner.names({ rebuildable: true });
    if (!last || names.length === 0) return;
    await tx.query(
      `INSERT INTO personal_data_erasure_rebuilds (projection, erased_transaction_id, erased_position)
       SELECT name, $2::xid8, $3 FROM unnest($1::text[]) AS name
       ON CONFLICT (projection) DO UPDATE SET erased_transaction_id = excluded.erased_transaction_id, erased_position = excluded.erased_position
       WHERE (personal_data_erasure_rebuilds.erased_transaction_id, personal_data_erasure_rebuilds.erased_position)
           < (excluded.erased_transaction_id, excluded.erased_position)`,
      [names, last.transactionId, last.globalPosition],
    );
    // Delivered when this transaction commits, when the rows are there to be read.
    await tx.query(`SELECT pg_notify('${ERASURES_CHANNEL}', '')`);
  }

  async reset(): Promise<void> {
    // Never rebuilt (rebuildable: false).
  }
}

/** The message of the runner's refusal to rebuild a read model another instance holds (projection-worker.ts). */
const HELD_ELSEWHERE = /is active in another instance/;

/**
 * Makes an erasure take effect in this instance, whichever instance erased: it drops the folded states cached in
 * memory as soon as the reactor has told of a new erasure (a query of one small table per wake, no work per append),
 * and rebuilds, once, each read model that this instance holds and that an erasure left to rebuild. Woken by the
 * reactor's notification, and by a poll (which also finds the rebuilds of a read model that moved to this instance
 * when its holder went away).
 */
@Injectable()
export class ErasureFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ErasureFollower.name);
  /** The latest erasure the folded states of this instance were dropped for (null: none since start). */
  private seen: Checkpoint | null = null;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private listener: pg.Client | null = null;
  private checking: Promise<void> | null = null;
  private checkAgain = false;
  /** The rebuild passes, one after the other, and the one waiting to start (if any). */
  private rebuilds: Promise<void> = Promise.resolve();
  private rebuildWaiting: Promise<void> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly store: PostgresEventStore,
    private readonly runner: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Before the server takes requests: the cache is empty, so the erasures before now need no drop here. */
  async onApplicationBootstrap(): Promise<void> {
    this.running = true;
    this.seen = latestErasure(await this.rows());
    if (this.config.database.kind !== 'embedded') await this.listen();
    this.timer = setInterval(() => this.wake(), this.config.projectionPollMs);
    this.timer.unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await Promise.all([this.checking, this.rebuilds]);
  }

  /** One pass now: drops the folded states for a new erasure and runs the rebuilds due here; resolves when done. */
  async catchUp(): Promise<void> {
    await this.check();
    await this.scheduleRebuilds();
  }

  private wake(): void {
    if (!this.running) return;
    if (this.checking) {
      this.checkAgain = true;
      return;
    }
    this.checking = this.check()
      .catch((error: unknown) => {
        if (this.running) this.logger.warn({ err: error }, 'erasures not checked');
      })
      .finally(() => {
        this.checking = null;
        if (this.checkAgain) {
          this.checkAgain = false;
          this.wake();
        }
      });
  }

  /** Cheap, and never behind a rebuild: the drop of the folded states must not wait for read models to replay. */
  private async check(): Promise<void> {
    const rows = await this.rows();
    const latest = latestErasure(rows);
    if (isNewErasure(latest, this.seen)) {
      // Keys and states opened with a key now destroyed: none may outlive it. Loads after this read the placeholders.
      this.store.forgetOpened();
      this.seen = latest;
    }
    if (pendingRebuilds(this.runner.names({ rebuildable: true }), rows).length > 0) void this.scheduleRebuilds().catch(() => undefined);
  }

  /**
   * Queues a pass of rebuildDue after the one running, if none is waiting yet: a waiting pass reads the rows when it
   * starts, so it covers every wake before it. Passes never overlap, so no read model is rebuilt twice for one erasure.
   */
  private scheduleRebuilds(): Promise<void> {
    if (this.rebuildWaiting) return this.rebuildWaiting;
    const pass = this.rebuilds.then(() => {
      this.rebuildWaiting = null;
      return this.running ? this.rebuildDue() : undefined;
    });
    this.rebuildWaiting = pass;
    this.rebuilds = pass.catch((error: unknown) => {
      if (this.running) this.logger.warn({ err: error }, 'read models not rebuilt after an erasure');
    });
    return pass;
  }

  /**
   * Rebuilds, one after the other, the read models that wait for one and that this instance holds; the others are
   * left to their holders. The rebuild answers the erasure read before it began: every key that erasure destroyed was
   * gone when the read model was emptied, so the replay reads placeholders. Marked after it, so a crash in between
   * repeats the rebuild rather than skipping it.
   */
  private async rebuildDue(): Promise<void> {
    for (const due of pendingRebuilds(this.runner.names({ rebuildable: true }), await this.rows())) {
      if (!this.running) return;
      try {
        await this.runner.rebuild(due.projection);
      } catch (error) {
        if (!(error instanceof Error && HELD_ELSEWHERE.test(error.message))) {
          this.logger.warn({ err: error, projection: due.projection }, 'read model not rebuilt after an erasure; retried at the next poll');
        }
        continue;
      }
      await this.db.query(
        `UPDATE personal_data_erasure_rebuilds
         SET rebuilt_transaction_id = $2::xid8, rebuilt_position = $3, rebuilt_at = now()
         WHERE projection = $1
           AND (rebuilt_transaction_id IS NULL OR (rebuilt_transaction_id, rebuilt_position) < ($2::xid8, $3::bigint))`,
        [due.projection, due.erased.transactionId, due.erased.globalPosition],
      );
      this.logger.log({ projection: due.projection }, 'read model rebuilt after an erasure');
    }
  }

  private async rows(): Promise<ErasureRebuild[]> {
    return (await this.db.query<RebuildRow[]>(REBUILD_ROWS_SQL)).map(toRebuild);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'casetrail erasures' });
    client.on('notification', () => this.wake());
    client.on('error', () => {
      this.listener = null;
      void client.end().catch(() => undefined);
      this.listenAgainLater();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ERASURES_CHANNEL}`);
      if (!this.running) {
        await client.end();
        return;
      }
      this.listener = client;
    } catch {
      await client.end().catch(() => undefined);
      this.listenAgainLater();
    }
  }

  /** Until it listens again, the poll finds what a notification would have told. */
  private listenAgainLater(): void {
    if (!this.running) return;
    setTimeout(() => {
      if (this.running) void this.listen().catch(() => undefined);
    }, this.config.projectionPollMs).unref();
  }
}
