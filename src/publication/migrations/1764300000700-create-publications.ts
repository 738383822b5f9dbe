import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePublications1764300000700 implements MigrationInterface {
  name = 'CreatePublications1764300000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE publications (
        publication_id    text PRIMARY KEY,
        source            text NOT NULL,
        source_stream_id  text NOT NULL,
        agency_id         text NOT NULL,
        status            text NOT NULL,
        decision_date     date NOT NULL,
        due_date          date,
        published_on      date,
        published_at      timestamptz,
        on_time           boolean,
        withdrawal_due    date,
        withdrawn_on      date,
        withdrawal_reason text,
        record            jsonb NOT NULL,
        version           integer NOT NULL
      )`);
    await q.query(`CREATE INDEX publications_agency_status ON publications (agency_id, status, decision_date)`);
    await q.query(`CREATE INDEX publications_public ON publications (published_on DESC) WHERE published_on IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE publications`);
  }
}
