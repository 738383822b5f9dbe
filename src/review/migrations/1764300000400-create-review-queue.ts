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
    // Every round, for the figures: submitted, approved, returned, the points found wanting, time to opinion.
    await q.query(`
      CREATE TABLE review_rounds (
        review_id      text NOT NULL,
        round          integer NOT NULL,
        agency_id      text NOT NULL,
        submitted_at   timestamptz NOT NULL,
        opinion_at     timestamptz,
        outcome        text,
        reviewer_id    text,
        problem_points text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (review_id, round)
      )`);
    await q.query(`CREATE INDEX review_rounds_agency_submitted ON review_rounds (agency_id, submitted_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE review_rounds`);
    await q.query(`DROP TABLE review_queue`);
  }
}
