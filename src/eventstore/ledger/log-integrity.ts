import { type DataSource } from 'typeorm';
import { type PostgresEventStore, type VerifyResult } from '../event-store.js';
import { type LogVerification, verifyLog } from './log-verification.js';
import { type CheckpointKey } from './signing-key.js';

/** A stream's verification with what the ledger knows of it: `sealedVersion` events were sealed. */
export type StreamIntegrity =
  | (VerifyResult & { readonly sealedVersion: number; readonly missing?: undefined })
  | {
      readonly streamId: string;
      readonly ok: false;
      /** Nothing of the stream is left, though the ledger sealed its events: deleted whole. */
      readonly missing: true;
      readonly brokenAtVersion: 1;
      readonly reason: string;
      readonly sealedVersion: number;
    };

/**
 * One place for the questions "is this stream whole?" and "is the log whole?": the stream's own hash chain checked
 * against the ledger, so that a stream cut back with its head rewound, or deleted whole, is never reported ok.
 */
export class LogIntegrity {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: DataSource,
    private readonly databaseUrl: () => string,
    private readonly key: CheckpointKey,
    private readonly witnessLine: () => string | null,
  ) {}

  /**
   * The agency a stream belongs to, from its head or, when the head is gone, from its events or the ledger; null: the
   * stream never existed.
   */
  async agencyOf(streamId: string): Promise<string | null> {
    const [row] = await this.db.query<{ agency_id: string }[]>(
      `SELECT agency_id FROM streams WHERE stream_id = $1
       UNION ALL (SELECT agency_id FROM events WHERE stream_id = $1 LIMIT 1)
       UNION ALL (SELECT agency_id FROM log_ledger WHERE stream_id = $1 LIMIT 1)
       LIMIT 1`,
      [streamId],
    );
    return row?.agency_id ?? null;
  }

  async verifyStream(streamId: string): Promise<StreamIntegrity> {
    const [chain, sealed] = await Promise.all([
      this.store.verifyStream(streamId),
      this.db.query<{ stream_version: string; event_hash: Buffer; found_hash: Buffer | null }[]>(
        `SELECT l.stream_version, l.event_hash, e.hash AS found_hash
         FROM log_ledger l LEFT JOIN events e ON e.global_position = l.global_position
         WHERE l.stream_id = $1 ORDER BY l.stream_version`,
        [streamId],
      ),
    ]);
    const sealedVersion = sealed.length > 0 ? Number(sealed.at(-1)?.stream_version) : 0;
    if (chain.ok && chain.version === 0 && sealedVersion > 0) {
      return {
        streamId,
        ok: false,
        missing: true,
        brokenAtVersion: 1,
        reason: `the stream is gone: the ledger sealed ${sealedVersion} events of it`,
        sealedVersion,
      };
    }
    const lost = sealed.find((row) => !row.found_hash || !row.found_hash.equals(row.event_hash));
    if (lost && chain.ok) {
      const version = Number(lost.stream_version);
      return {
        streamId,
        ok: false,
        brokenAtVersion: version,
        reason: lost.found_hash ? `version ${version} was changed after the ledger sealed it` : `version ${version} was sealed in the ledger and is gone`,
        sealedVersion,
      };
    }
    return { ...chain, sealedVersion };
  }

  /** The whole log, as `casetrail verify` checks it, with the witness file's checkpoint when there is one. */
  verifyLog(held: readonly string[] = []): Promise<LogVerification> {
    const witness = this.witnessLine();
    return verifyLog(this.databaseUrl(), {
      publicKey: this.key.publicKey,
      held: [...held.map((line) => ({ line, source: 'held' as const })), ...(witness ? [{ line: witness, source: 'witness' as const }] : [])],
    });
  }
}
