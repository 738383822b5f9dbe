import { DiscoveryService } from '@nestjs/core';
import { type StoredEvent } from '../event.js';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';

/**
 * An asynchronous consumer of the event log. A read model writes through `tx`, the transaction in which the runner
 * also moves its checkpoint, so each event takes effect exactly once. A reactor (a side effect outside PostgreSQL)
 * must be idempotent: its checkpoint moves only after `apply` returned, so a crash repeats the last batch.
 */
export interface Projection {
  readonly name: string;
  /** The event types it reads; the runner skips the others. Null: every event (the log ledger). */
  readonly eventTypes: readonly string[] | null;
  /** False for a projection that must never be emptied and replayed (the ledger is evidence of the log as it was). */
  readonly rebuildable?: boolean;
  apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void>;
  /** Empties the read model before a rebuild, inside the rebuild's transaction. */
  reset(tx: SqlExecutor): Promise<void>;
}

/** The mark that the start-up discovery looks for (see projection-discovery.ts). */
export const PROJECTION_MARK = DiscoveryService.createDecorator<Record<string, never>>();

/**
 * Marks a provider as a projection: whichever module provides it, the runner finds it at start-up and keeps it
 * caught up. A class that forgets to implement the interface does not compile.
 */
export function Projection(): (target: abstract new (...args: never[]) => Projection) => void {
  const mark = PROJECTION_MARK();
  return (target) => {
    mark(target);
  };
}
