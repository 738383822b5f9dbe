import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Per read model, the last erasure in the log that requires it to be emptied and replayed, and the last one it was
 * rebuilt after. The reactor of PersonalDataErased raises `erased_*`; the instance that holds the read model rebuilds
 * it and moves `rebuilt_*` there, so an erasure is followed by one rebuild of each, once, whichever instance
 * appended it and across restarts (docs/retention.md, src/personal-data/erasure-propagation.ts).
 */
export class CreatePersonalDataErasureRebuilds1764300001900 implements MigrationInterface {
  name = 'CreatePersonalDataErasureRebuilds1764300001900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_data_erasure_rebuilds (
        projection              text PRIMARY KEY,
        erased_transaction_id   xid8 NOT NULL,
        erased_position         bigint NOT NULL,
        rebuilt_transaction_id  xid8,
        rebuilt_position        bigint,
        rebuilt_at              timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE personal_data_erasure_rebuilds');
  }
}
