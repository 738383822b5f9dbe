import { renameSync, writeFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import { type Checkpoint, formatCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.js';
import { type CheckpointKey } from './signing-key.js';

/** One signer at a time across instances: checkpoint numbers have no gaps either. */
const SIGNER_LOCK = 7_201_128;

interface CheckpointRow {
  statement: string;
}

/** The latest signed checkpoint as the executor sees it (inside a snapshot: the one that snapshot holds). */
export async function latestCheckpoint(executor: SqlExecutor): Promise<Checkpoint | null> {
  const [row] = await executor.query<CheckpointRow[]>('SELECT statement FROM log_checkpoints ORDER BY number DESC LIMIT 1');
  return row ? parseCheckpoint(row.statement) : null;
}

export interface CheckpointOptions {
  readonly intervalMs: number;
  readonly witnessFile: string | null;
}

/**
 * Signs the ledger head every interval when it has grown, and on demand. Each checkpoint is kept in
 * `log_checkpoints` (so that `verify` can check every one against the ledger) and, when configured, written to a
 * witness file outside the database, where a rewrite of the database cannot reach it.
 */
export class CheckpointService {
  private readonly logger = new Logger(CheckpointService.name);
  private timer: NodeJS.Timeout | null = null;
  private signing: Promise<Checkpoint | null> | null = null;
  private known: Promise<Checkpoint | null> | null = null;

  constructor(
    private readonly db: DataSource,
    readonly key: CheckpointKey,
    private readonly options: CheckpointOptions,
  ) {}

  start(): void {
    void this.current().catch(() => undefined);
    this.timer = setInterval(() => {
      void this.sign().catch((error: unknown) => this.logger.error({ err: error }, 'signing a log checkpoint failed'));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  stop(): Promise<unknown> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.signing ?? Promise.resolve();
  }

  latest(): Promise<Checkpoint | null> {
    return latestCheckpoint(this.db);
  }

  /**
   * The latest checkpoint as this instance last saw it, for the public pages and feeds: read once, then replaced by
   * every tick of the interval (which signs, or reads what another instance signed). So a page costs no query for it,
   * and shows a checkpoint at most one interval old, which any later one extends.
   */
  current(): Promise<Checkpoint | null> {
    this.known ??= this.latest().catch((error: unknown) => {
      this.known = null;
      throw error;
    });
    return this.known;
  }

  async list(limit: number, before?: number): Promise<Checkpoint[]> {
    const rows = await this.db.query<CheckpointRow[]>(
      'SELECT statement FROM log_checkpoints WHERE number < $1 ORDER BY number DESC LIMIT $2',
      [before ?? Number.MAX_SAFE_INTEGER, limit],
    );
    return rows.flatMap((row) => parseCheckpoint(row.statement) ?? []);
  }

  /** Signs the ledger head if it has grown since the last checkpoint; returns the latest checkpoint either way. */
  sign(): Promise<Checkpoint | null> {
    // Calls that overlap share one signing: the second would find nothing new.
    this.signing ??= this.signOnce()
      .then((checkpoint) => {
        this.known = Promise.resolve(checkpoint);
        return checkpoint;
      })
      .finally(() => {
        this.signing = null;
      });
    return this.signing;
  }

  private async signOnce(): Promise<Checkpoint | null> {
    const signed = await this.db.transaction(async (manager) => {
      const [locked] = await manager.query<{ locked: boolean }[]>('SELECT pg_try_advisory_xact_lock($1) AS locked', [SIGNER_LOCK]);
      if (!locked?.locked) return null;
      const [head] = await manager.query<{ position: string; chain: Buffer }[]>(
        'SELECT position, chain FROM log_ledger ORDER BY position DESC LIMIT 1',
      );
      const [last] = await manager.query<(CheckpointRow & { number: string; ledger_position: string })[]>(
        'SELECT number, ledger_position, statement FROM log_checkpoints ORDER BY number DESC LIMIT 1',
      );
      if (!head || (last && Number(last.ledger_position) >= Number(head.position))) return null;
      const checkpoint = signCheckpoint(this.key.privateKey, {
        number: last ? Number(last.number) + 1 : 1,
        entries: Number(head.position),
        head: head.chain.toString('hex'),
        signedAt: new Date().toISOString(),
      });
      await manager.query(
        `INSERT INTO log_checkpoints (number, ledger_position, chain, signed_at, key_id, statement)
         VALUES ($1, $2, decode($3, 'hex'), $4, $5, $6)`,
        [checkpoint.number, checkpoint.entries, checkpoint.head, checkpoint.signedAt, checkpoint.keyId, formatCheckpoint(checkpoint)],
      );
      return checkpoint;
    });
    if (signed && this.options.witnessFile) this.witness(signed);
    return signed ?? (await this.latest());
  }

  /** Replaced whole (write, then rename), so a reader never sees half a line. */
  private witness(checkpoint: Checkpoint): void {
    const file = this.options.witnessFile;
    if (!file) return;
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${formatCheckpoint(checkpoint)}\n`);
    renameSync(temporary, file);
  }
}
