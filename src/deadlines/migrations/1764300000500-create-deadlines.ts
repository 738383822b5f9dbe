import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeadlines1764300000500 implements MigrationInterface {
  name = 'CreateDeadlines1764300000500';

  async up(q: QueryRunner): Promise<void> {
    // The truth of the schedule: Redis holds delayed jobs made from these rows, and loses nothing it cannot remake.
    await q.query(`
      CREATE TABLE deadlines (
        deadline_id text PRIMARY KEY,
        kind        text NOT NULL,
        stream_id   text NOT NULL,
        agency_id   text NOT NULL,
        due_date    date NOT NULL,
        provisional boolean NOT NULL,
        subject     text NOT NULL,
        notify      jsonb NOT NULL,
        status      text NOT NULL CHECK (status IN ('pending', 'met')),
        met_at      timestamptz
      )`);
    await q.query(`CREATE INDEX deadlines_pending ON deadlines (due_date) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE alerts (
        alert_id    uuid PRIMARY KEY,
        agency_id   text NOT NULL,
        stream_id   text NOT NULL,
        deadline_id text NOT NULL,
        kind        text NOT NULL,
        stage       text NOT NULL,
        due_date    date NOT NULL,
        notify_role text NOT NULL,
        subject     text NOT NULL,
        raised_at   timestamptz NOT NULL,
        acked_at    timestamptz,
        acked_by    text
      )`);
    await q.query(`CREATE INDEX alerts_agency_role ON alerts (agency_id, notify_role, raised_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alerts`);
    await q.query(`DROP TABLE deadlines`);
  }
}
