import type { DataSource } from 'typeorm';
import type { TransactionHandle } from './unit-of-work.js';

/** Begins a transaction on a connection of its own from the pool; the connection goes back when it ends. */
export async function beginTransaction(db: DataSource): Promise<TransactionHandle> {
  const runner = db.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
  } catch (error) {
    await runner.release().catch(() => undefined);
    throw error;
  }
  const end = async (how: 'commit' | 'rollback'): Promise<void> => {
    try {
      await (how === 'commit' ? runner.commitTransaction() : runner.rollbackTransaction());
    } finally {
      await runner.release();
    }
  };
  return {
    executor: { query: <T>(sql: string, parameters?: unknown[]) => runner.query(sql, parameters) as Promise<T> },
    commit: () => end('commit'),
    rollback: () => end('rollback'),
  };
}
