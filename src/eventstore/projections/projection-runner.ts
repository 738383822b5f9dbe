import pg from 'pg';
import { EVENTS_CHANNEL, type PostgresEventStore } from '../event-store.js';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import { type Projection } from './projection.js';
import { ProjectionWorker, type WorkerStatus } from './projection-worker.js';

export interface RunnerOptions {
  readonly databaseUrl: string;
  /** Fallback when a notification is missed (a dropped LISTEN connection, a transaction that wrote nothing). */
  readonly pollMs: number;
  readonly batchSize?: number;
  /** Events per batch of a rebuild (default 5000). */
  readonly rebuildBatchSize?: number;
  /**
   * Whether notifications come from the database (LISTEN, the default). Without them (the embedded database, whose
   * NOTIFY reaches no other connection) the runner is woken by the appends of this process and by the poll.
   */
  readonly listen?: boolean;
  readonly onError?: (projection: string, error: unknown) => void;
}

export interface ProjectionHealth extends WorkerStatus {
  readonly lag: number;
}

/**
 * Keeps every registered projection caught up: each is woken by LISTEN/NOTIFY when events are appended, and by a
 * poll timer in case a notification never comes.
 */
export class ProjectionRunner {
  private readonly workers = new Map<string, ProjectionWorker>();
  private readonly projections = new Map<string, Projection>();
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly pending = new Map<string, Promise<number>>();
  /** Projections woken while a tick was in flight: they tick again as soon as it ends. */
  private readonly rewake = new Set<string>();
  private stopLocalWakes: (() => void) | null = null;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly options: RunnerOptions,
  ) {}

  register(projection: Projection): void {
    if (this.workers.has(projection.name)) throw new Error(`projection ${projection.name} is registered twice`);
    this.projections.set(projection.name, projection);
    this.workers.set(
      projection.name,
      new ProjectionWorker(projection, this.store, {
        databaseUrl: this.options.databaseUrl,
        batchSize: this.options.batchSize ?? 1000,
        rebuildBatchSize: this.options.rebuildBatchSize ?? 5000,
        onError: this.options.onError ?? (() => undefined),
      }),
    );
    if (this.running) this.wake();
  }

  /** The registered projections; `rebuildable`: only those a rebuild may empty and replay (not the ledger). */
  names(options: { readonly rebuildable?: boolean } = {}): string[] {
    return [...this.projections.values()]
      .filter((projection) => !options.rebuildable || projection.rebuildable !== false)
      .map((projection) => projection.name);
  }

  async start(): Promise<void> {
    this.running = true;
    if (this.options.listen === false) this.stopLocalWakes = this.store.onAnnounce(() => this.wake());
    else await this.listen();
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopLocalWakes?.();
    this.stopLocalWakes = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
  }

  /** One pass of every projection over what is visible now; returns how many events each applied. */
  async pollOnce(): Promise<number[]> {
    return Promise.all([...this.workers.values()].map((worker) => worker.tick()));
  }

  /**
   * Runs every projection until each has applied every committed event. An event committed behind a transaction
   * still open elsewhere is not visible yet; this waits for it rather than returning short.
   */
  async catchUp(timeoutMs = 30_000): Promise<void> {
    // Reactors append events others consume: go round until one round finds nothing left anywhere.
    for (;;) {
      const processed = await Promise.all([...this.workers.values()].map((worker) => worker.drain(timeoutMs)));
      if (processed.every((count) => count === 0)) return;
    }
  }

  rebuild(name: string): Promise<number> {
    const worker = this.workers.get(name);
    if (!worker) throw new Error(`no projection named ${name}`);
    if (this.projections.get(name)?.rebuildable === false) return Promise.reject(new Error(`projection ${name} is never rebuilt`));
    return worker.rebuild();
  }

  async health(db: SqlExecutor): Promise<ProjectionHealth[]> {
    return Promise.all(
      [...this.workers.values()].map(async (worker) => ({ ...worker.status(), lag: await worker.lag(db) })),
    );
  }

  private wake(): void {
    if (!this.running) return;
    for (const name of this.workers.keys()) this.wakeOne(name);
  }

  private wakeOne(name: string): void {
    const worker = this.workers.get(name);
    if (!worker || !this.running) return;
    if (this.pending.has(name)) {
      this.rewake.add(name);
      return;
    }
    const tick = worker.tick().finally(() => {
      this.pending.delete(name);
      if (this.rewake.delete(name)) this.wakeOne(name);
    });
    this.pending.set(name, tick);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: 'casetrail listener' });
    client.on('notification', () => this.wake());
    client.on('error', () => {
      this.listener = null;
      void client.end().catch(() => undefined);
      this.listenAgainLater();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      this.listener = client;
    } catch {
      await client.end().catch(() => undefined);
      this.listenAgainLater();
    }
  }

  /** The runner may have stopped by the time the retry is due: a stopped runner opens no connection. */
  private listenAgainLater(): void {
    if (!this.running) return;
    setTimeout(() => {
      if (this.running) void this.listen().catch(() => undefined);
    }, this.options.pollMs).unref();
  }
}
