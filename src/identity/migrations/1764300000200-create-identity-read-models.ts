import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentityReadModels1764300000200 implements MigrationInterface {
  name = 'CreateIdentityReadModels1764300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agencies (
        agency_id   text PRIMARY KEY,
        name        text NOT NULL,
        short_name  text NOT NULL,
        credit_code text NOT NULL,
        powers      text[] NOT NULL,
        version     integer NOT NULL,
        updated_at  timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE officers (
        officer_id         text PRIMARY KEY,
        agency_id          text NOT NULL,
        name               text NOT NULL,
        roles              text[] NOT NULL,
        certificate_number text NOT NULL,
        valid_from         date NOT NULL,
        valid_until        date NOT NULL,
        revoked_on         date,
        version            integer NOT NULL,
        registered_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX officers_agency_name ON officers (agency_id, name, officer_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE officers`);
    await q.query(`DROP TABLE agencies`);
  }
}
