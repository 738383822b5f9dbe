import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The ledger seals the global log: one entry per event in commit order, numbered without gaps and chained, so that
 * deleting any event, tail or whole stream (heads rewound or not) breaks it. Signed checkpoints of its head anchor it
 * outside the database: their key is never stored here (docs/adr/0016-tamper-evidence-across-streams.md). Both are
 * append-only, like the events.
 */
export class CreateLogLedger1764300001500 implements MigrationInterface {
  name = 'CreateLogLedger1764300001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE log_ledger (
        position        bigint PRIMARY KEY CHECK (position >= 1),
        global_position bigint NOT NULL UNIQUE,
        stream_id       text NOT NULL,
        stream_version  bigint NOT NULL,
        agency_id       text NOT NULL,
        event_hash      bytea NOT NULL,
        chain           bytea NOT NULL
      )`);
    await q.query(`CREATE INDEX log_ledger_stream ON log_ledger (stream_id, stream_version)`);
    await q.query(`
      CREATE TABLE log_checkpoints (
        number          bigint PRIMARY KEY CHECK (number >= 1),
        ledger_position bigint NOT NULL,
        chain           bytea NOT NULL,
        signed_at       timestamptz NOT NULL,
        key_id          text NOT NULL,
        statement       text NOT NULL
      )`);
    for (const table of ['log_ledger', 'log_checkpoints']) {
      await q.query(`
        CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION events_are_append_only()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM projection_checkpoints WHERE name = 'log-ledger'`);
    await q.query(`DROP TABLE log_checkpoints`);
    await q.query(`DROP TABLE log_ledger`);
  }
}
