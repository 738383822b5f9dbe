import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One key per data subject, apart from the append-only events: the one place that may lose data. Erasure destroys
 * the key (and nothing else), so the person's sealed fields in the events can never be read again while the events,
 * their hashes and the ledger stay as they were (docs/adr/0018-erasure-by-crypto-shredding.md). The records table
 * says which records (case, licensing streams) each subject appears in, for the retention check.
 */
export class CreatePersonalDataKeys1764300001650 implements MigrationInterface {
  name = 'CreatePersonalDataKeys1764300001650';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_data_keys (
        subject_id    text PRIMARY KEY,
        key           bytea CHECK (key IS NULL OR length(key) = 32),
        created_at    timestamptz NOT NULL DEFAULT now(),
        restricted_at timestamptz,
        restricted_by text,
        erased_at     timestamptz,
        erased_by     text,
        reason        text,
        CHECK ((key IS NULL) = (erased_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE personal_data_records (
        subject_id text NOT NULL REFERENCES personal_data_keys (subject_id),
        record_id  text NOT NULL,
        PRIMARY KEY (subject_id, record_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE personal_data_records');
    await q.query('DROP TABLE personal_data_keys');
  }
}
