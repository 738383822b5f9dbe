import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStatistics1764300001000 implements MigrationInterface {
  name = 'CreateStatistics1764300001000';

  async up(q: QueryRunner): Promise<void> {
    // One row per event and figure it adds to (not a column per figure): a figure added later (reconsiderations,
    // lawsuits) needs no migration, and each event writes only the figures it touches.
    await q.query(`
      CREATE TABLE statistics_facts (
        agency_id   text NOT NULL,
        occurred_on date NOT NULL,
        recorded_at timestamptz NOT NULL,
        figure      text NOT NULL,
        amount      bigint NOT NULL
      )`);
    // Covering: the period query is an index-only range scan on the business date.
    await q.query(
      `CREATE INDEX statistics_facts_period ON statistics_facts (occurred_on, agency_id) INCLUDE (figure, amount, recorded_at)`,
    );
    // The party of each case, so a decision (which does not name its party) can be counted per distinct party.
    await q.query(`
      CREATE TABLE statistics_case_parties (
        case_id   text PRIMARY KEY,
        party_key text NOT NULL
      )`);
    // Distinct parties cannot be summed across days or agencies: one row per penalty decision, counted at query time.
    await q.query(`
      CREATE TABLE statistics_penalty_decisions (
        agency_id   text NOT NULL,
        occurred_on date NOT NULL,
        recorded_at timestamptz NOT NULL,
        party_key   text NOT NULL
      )`);
    await q.query(
      `CREATE INDEX statistics_penalty_decisions_period ON statistics_penalty_decisions (occurred_on, agency_id) INCLUDE (party_key, recorded_at)`,
    );
    // Overdue depends on the end of the period and on asOf, so it is decided at query time from each publication.
    await q.query(`
      CREATE TABLE statistics_publications (
        publication_id        text PRIMARY KEY,
        agency_id             text NOT NULL,
        due_date              date,
        withheld              boolean NOT NULL,
        prepared_recorded_at  timestamptz NOT NULL,
        published_on          date,
        published_recorded_at timestamptz,
        cancelled_on          date,
        cancelled_recorded_at timestamptz
      )`);
    await q.query(`CREATE INDEX statistics_publications_due ON statistics_publications (due_date, agency_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE statistics_publications`);
    await q.query(`DROP TABLE statistics_penalty_decisions`);
    await q.query(`DROP TABLE statistics_case_parties`);
    await q.query(`DROP TABLE statistics_facts`);
  }
}
