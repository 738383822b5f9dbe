import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCaseReadModels1764300000300 implements MigrationInterface {
  name = 'CreateCaseReadModels1764300000300';

  async up(q: QueryRunner): Promise<void> {
    // Decision numbers are unique per agency and year: claimed in the transaction that appends the decision.
    await q.query(`
      CREATE TABLE decision_numbers (
        agency_id       text NOT NULL,
        year            integer NOT NULL,
        decision_number text NOT NULL,
        case_id         text NOT NULL,
        PRIMARY KEY (agency_id, year, decision_number)
      )`);
    await q.query(`
      CREATE TABLE case_summaries (
        case_id           text PRIMARY KEY,
        agency_id         text NOT NULL,
        status            text NOT NULL,
        source            text NOT NULL,
        party_kind        text NOT NULL,
        party_name        text NOT NULL,
        party_credit_code text,
        officer_ids       text[] NOT NULL,
        opened_at         timestamptz NOT NULL,
        last_step_at      timestamptz NOT NULL,
        hazards           integer NOT NULL DEFAULT 0,
        hazards_open      integer NOT NULL DEFAULT 0,
        procedure         text,
        decision_number   text,
        outcome           text,
        version           integer NOT NULL
      )`);
    await q.query(`CREATE INDEX case_summaries_agency_opened ON case_summaries (agency_id, opened_at DESC, case_id)`);
    await q.query(`CREATE INDEX case_summaries_credit_code ON case_summaries (party_credit_code)`);
    await q.query(`CREATE INDEX case_summaries_officers ON case_summaries USING gin (officer_ids)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_summaries`);
    await q.query(`DROP TABLE decision_numbers`);
  }
}
