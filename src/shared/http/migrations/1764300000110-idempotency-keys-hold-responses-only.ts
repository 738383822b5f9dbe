import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A key's row is now written with its response, in the transaction of the request's events: no row stands for a
 * request still running. Rows left pending by the earlier scheme belonged to requests that never stored a response;
 * they are dropped, so that a retry of one runs.
 */
export class IdempotencyKeysHoldResponsesOnly1764300000110 implements MigrationInterface {
  name = 'IdempotencyKeysHoldResponsesOnly1764300000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM idempotency_keys WHERE state <> 'done'`);
    await q.query(`
      ALTER TABLE idempotency_keys
        DROP COLUMN state,
        ALTER COLUMN response_status SET NOT NULL,
        ALTER COLUMN response_body SET NOT NULL,
        ALTER COLUMN response_headers SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE idempotency_keys
        ADD COLUMN state text NOT NULL DEFAULT 'done' CHECK (state IN ('pending', 'done')),
        ALTER COLUMN response_status DROP NOT NULL,
        ALTER COLUMN response_body DROP NOT NULL,
        ALTER COLUMN response_headers DROP NOT NULL`);
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN state DROP DEFAULT`);
  }
}
