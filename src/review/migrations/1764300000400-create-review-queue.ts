import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReviewQueue1764300000400 implements MigrationInterface {
  name = 'CreateReviewQueue1764300000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE review_queue (
        review_id     text PRIMARY KEY,
        case_id       text NOT NULL,
        agency_id     text NOT NULL,
        status        text NOT NULL,
        round         integer NOT NULL,
        submitted_at  timestamptz NOT NULL,
        submitted_by  text NOT NULL,
        due_date      date NOT NULL,
        extended      boolean NOT NULL DEFAULT false,
        party_name    text NOT NULL,
        party_kind    text NOT NULL,
        outcome       text NOT NULL,
        penalty_types text[] NOT NULL,
        amount_fen    bigint NOT NULL,
        required_by   text[] NOT NULL,
        reviewer_id   text,
        opinion_at    timestamptz,
        version       integer NOT NULL
      )`);
    await q.query(`CREATE INDEX review_queue_agency_status ON review_queue (agency_id, status, submitted_at, review_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE review_queue`);
  }
}
