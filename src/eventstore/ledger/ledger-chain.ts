import { createHash } from 'node:crypto';

export const LEDGER_GENESIS = '0'.repeat(64);

/** One sealed event: where it stands in the ledger and in the log, and the hash its stream chain gave it. */
export interface LedgerEntry {
  readonly position: number;
  readonly globalPosition: number;
  readonly eventHash: string;
}

const uint64 = (value: number): Buffer => {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(value));
  return buffer;
};

/**
 * sha256(previous link || position || global position || event hash). The event hash already covers the stream id,
 * version and content, so a link commits to the whole event; the positions commit to its place in the log.
 */
export function ledgerLink(previousHex: string, entry: LedgerEntry): string {
  return createHash('sha256')
    .update(Buffer.from(previousHex, 'hex'))
    .update(uint64(entry.position))
    .update(uint64(entry.globalPosition))
    .update(Buffer.from(entry.eventHash, 'hex'))
    .digest('hex');
}
