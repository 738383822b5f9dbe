import { type StoredEvent } from '../event.js';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import { Projection } from '../projections/projection.js';
import { LEDGER_GENESIS, ledgerLink } from './ledger-chain.js';

export const LOG_LEDGER = 'log-ledger';

/**
 * Seals every event, in commit order, into the ledger. The projection runner gives it what it needs: events in the
 * order no later commit can precede, one active worker across instances (so positions are numbered without gaps),
 * and its checkpoint moved in the transaction of its entries.
 */
@Projection()
export class LogLedgerProjection implements Projection {
  readonly name = LOG_LEDGER;
  readonly eventTypes = null;
  readonly rebuildable = false;

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    const [last] = await tx.query<{ position: string; chain: Buffer }[]>(
      'SELECT position, chain FROM log_ledger ORDER BY position DESC LIMIT 1',
    );
    let position = last ? Number(last.position) : 0;
    let chain = last ? last.chain.toString('hex') : LEDGER_GENESIS;
    const columns = { positions: [] as number[], globals: [] as number[], streams: [] as string[], versions: [] as number[], agencies: [] as string[], hashes: [] as string[], chains: [] as string[] };
    for (const event of events) {
      position += 1;
      chain = ledgerLink(chain, { position, globalPosition: event.globalPosition, eventHash: event.hash });
      columns.positions.push(position);
      columns.globals.push(event.globalPosition);
      columns.streams.push(event.streamId);
      columns.versions.push(event.streamVersion);
      columns.agencies.push(event.agencyId);
      columns.hashes.push(event.hash);
      columns.chains.push(chain);
    }
    await tx.query(
      `INSERT INTO log_ledger (position, global_position, stream_id, stream_version, agency_id, event_hash, chain)
       SELECT p, g, s, v, a, decode(h, 'hex'), decode(c, 'hex')
       FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[]) AS t(p, g, s, v, a, h, c)`,
      [columns.positions, columns.globals, columns.streams, columns.versions, columns.agencies, columns.hashes, columns.chains],
    );
  }

  reset(): Promise<void> {
    return Promise.reject(new Error('the log ledger is evidence of the log as it was: it is never rebuilt'));
  }
}
