import { AsyncLocalStorage } from 'node:async_hooks';
import type { SqlExecutor } from './sql-executor.js';

/** An open database transaction on one connection, ended exactly once. */
export interface TransactionHandle {
  readonly executor: SqlExecutor;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

const storage = new AsyncLocalStorage<UnitOfWork>();

/**
 * One transaction for every append of a request, committed by whoever opened the unit (the idempotency interceptor,
 * which writes the request's stored response into the same transaction just before the commit). While a unit is
 * current, `handleCommand` and `PostgresEventStore.append` append inside it and event-store reads go through it, so a
 * request sees its own appends and, in embedded mode, never waits on a pooled connection for its own transaction.
 *
 * The transaction is begun by the first append, not when the unit is entered: a request that appends nothing holds
 * no connection, and one that does holds it only from its first append to its commit. Every append after the first
 * runs under a savepoint, so a conflict that `handleCommand` retries (or any failure a caller catches) undoes that
 * append alone. What must happen only once the events are visible (waking projections, caching the new state) is
 * queued with `afterCommit` and dropped on rollback.
 *
 * One command at a time per unit: appends of one request are not run in parallel (none are).
 */
export class UnitOfWork {
  private handle: TransactionHandle | null = null;
  private savepoints = 0;
  private readonly callbacks: (() => void)[] = [];
  private ended = false;

  constructor(private readonly begin: () => Promise<TransactionHandle>) {}

  /**
   * The unit of the running request, if any. An ended unit is never current: work started from inside a request
   * (a projection woken by its append, say) and still running afterwards must not append into it.
   */
  static current(): UnitOfWork | undefined {
    const unit = storage.getStore();
    return unit && !unit.ended ? unit : undefined;
  }

  /** Runs `fn` with this unit current for everything it starts. */
  enter<T>(fn: () => T): T {
    return storage.run(this, fn);
  }

  /** The open transaction, once an append has begun it. */
  get executor(): SqlExecutor | undefined {
    return this.handle?.executor;
  }

  get open(): boolean {
    return this.handle !== null;
  }

  /** Runs `work` in the unit's transaction, begun now if this is the first; a failed `work` leaves no trace in it. */
  async run<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    if (this.ended) throw new Error('this unit of work has ended');
    const handle = this.handle;
    if (!handle) {
      const begun = await this.begin();
      this.handle = begun;
      try {
        return await work(begun.executor);
      } catch (error) {
        // Nothing else was in the transaction: drop it whole, the next append begins another.
        this.handle = null;
        await begun.rollback().catch(() => undefined);
        throw error;
      }
    }
    this.savepoints += 1;
    const savepoint = `casetrail_unit_${this.savepoints}`;
    await handle.executor.query(`SAVEPOINT ${savepoint}`);
    try {
      const result = await work(handle.executor);
      await handle.executor.query(`RELEASE SAVEPOINT ${savepoint}`);
      return result;
    } catch (error) {
      await handle.executor.query(`ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined);
      throw error;
    }
  }

  /** Runs once the transaction has committed (outside this unit); never if it rolls back. */
  afterCommit(callback: () => void): void {
    if (this.ended) throw new Error('this unit of work has ended');
    this.callbacks.push(callback);
  }

  /** Commits the transaction, if one was begun, then runs the after-commit callbacks. Ends the unit. */
  async commit(): Promise<void> {
    if (this.ended) throw new Error('this unit of work has ended');
    this.ended = true;
    const handle = this.handle;
    this.handle = null;
    if (handle) await handle.commit();
    // Outside the request's context: what a callback starts (a projection's pass) belongs to no request.
    storage.exit(() => {
      for (const callback of this.callbacks) callback();
    });
    this.callbacks.length = 0;
  }

  /** Rolls back whatever the unit appended. Ends the unit; safe to call after it ended. */
  async rollback(): Promise<void> {
    this.ended = true;
    this.callbacks.length = 0;
    const handle = this.handle;
    this.handle = null;
    if (handle) await handle.rollback();
  }
}
