import pg from 'pg';

/**
 * What a database superuser can do to a sealed log, for the tests that show that the ledger and its checkpoints
 * catch it: copy it whole into another database, and cut its tail as if it had never been recorded.
 */

export async function superuser<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The append-only triggers refuse every UPDATE and DELETE; only a superuser can switch them off.
    await client.query("SET session_replication_role = 'replica'");
    return await work(client);
  } finally {
    await client.end();
  }
}

const ORDER: Record<string, string> = { streams: 'stream_id', events: 'global_position', log_ledger: 'position', log_checkpoints: 'number' };

/**
 * Copies the log of `from` (events, heads, ledger, checkpoints) into the migrated, otherwise unused database `to`,
 * with the ledger's projection checkpoint where it was, so that an app or `verify` on the copy sees the same seal.
 */
export async function copySealedLog(from: string, to: string): Promise<void> {
  await superuser(to, (client) => client.query('TRUNCATE events, streams, log_ledger, log_checkpoints, projection_checkpoints'));
  await superuser(from, async (source) => {
    for (const [table, order] of Object.entries(ORDER)) {
      const { rows } = await source.query(`SELECT * FROM ${table} ORDER BY ${order}`);
      await superuser(to, async (target) => {
        for (const row of rows as Record<string, unknown>[]) {
          const columns = Object.keys(row).filter((column) => !(table === 'events' && column === 'transaction_id'));
          const override = table === 'events' ? 'OVERRIDING SYSTEM VALUE' : '';
          await target.query(
            `INSERT INTO ${table} (${columns.join(', ')}) ${override} VALUES (${columns.map((_c, i) => `$${i + 1}`).join(', ')})`,
            columns.map((column) => row[column]),
          );
        }
      });
    }
    const { rows } = await source.query<{ name: string; global_position: string }>(
      `SELECT name, global_position FROM projection_checkpoints WHERE name = 'log-ledger'`,
    );
    const ledger = rows[0];
    if (!ledger) throw new Error('the log ledger has not run on the source database');
    await superuser(to, (target) =>
      target.query(`INSERT INTO projection_checkpoints (name, transaction_id, global_position) VALUES ($1, '999999999', $2)`, [
        ledger.name,
        ledger.global_position,
      ]),
    );
  });
}

/**
 * Everything from global position `first` on, as if it had never been recorded: the events, their ledger entries,
 * every checkpoint, the heads of the streams rewound (or deleted when nothing is left of them), and the identity
 * set back. Inside the database nothing tells.
 */
export async function cutLogFrom(url: string, first: number): Promise<void> {
  await superuser(url, async (client) => {
    await client.query('DELETE FROM events WHERE global_position >= $1', [first]);
    await client.query('DELETE FROM log_ledger WHERE global_position >= $1', [first]);
    await client.query('DELETE FROM log_checkpoints');
    await client.query('DELETE FROM streams s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = s.stream_id)');
    await client.query(
      `UPDATE streams s SET version = last.stream_version, last_hash = last.hash
       FROM (SELECT DISTINCT ON (stream_id) stream_id, stream_version, hash FROM events ORDER BY stream_id, stream_version DESC) last
       WHERE last.stream_id = s.stream_id`,
    );
    await client.query(`SELECT setval(pg_get_serial_sequence('events', 'global_position'), $1::bigint - 1)`, [first]);
  });
}

/** The first global position of a stream, to cut the log from. */
export async function firstPositionOf(url: string, streamId: string): Promise<number> {
  return superuser(url, async (client) => {
    const { rows } = await client.query<{ first: string | null }>('SELECT min(global_position) AS first FROM events WHERE stream_id = $1', [streamId]);
    const first = rows[0]?.first;
    if (!first) throw new Error(`${streamId} has no events`);
    return Number(first);
  });
}
