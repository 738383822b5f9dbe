import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdempotencyKeys1764300000100 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        actor_id         text NOT NULL,
        key              text NOT NULL,
        request_hash     text NOT NULL,
        state            text NOT NULL CHECK (state IN ('pending', 'done')),
        response_status  integer,
        response_body    jsonb,
        response_headers jsonb,
        created_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
