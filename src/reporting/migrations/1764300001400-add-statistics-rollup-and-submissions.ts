import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddStatisticsRollupAndSubmissions1764300001400 implements MigrationInterface {
  name = 'AddStatisticsRollupAndSubmissions1764300001400';

  async up(q: QueryRunner): Promise<void> {
    // The facts summed per agency, month and figure: a period of whole months reads a few hundred rows instead of one
    // per event, and only its partial months at either end are summed from the facts. As of an instant, the facts
    // recorded after it are taken off again (by the recorded_at index), so the answer stays exact.
    await q.query(`
      CREATE TABLE statistics_monthly (
        month     date NOT NULL,
        agency_id text NOT NULL,
        figure    text NOT NULL,
        amount    bigint NOT NULL,
        PRIMARY KEY (month, agency_id, figure)
      ) WITH (fillfactor = 50)`);
    await q.query(`
      INSERT INTO statistics_monthly (month, agency_id, figure, amount)
      SELECT date_trunc('month', occurred_on)::date, agency_id, figure, sum(amount) FROM statistics_facts GROUP BY 1, 2, 3`);
    await q.query(`CREATE INDEX statistics_facts_recorded ON statistics_facts (recorded_at)`);
    // Distinct parties penalized in a period cannot be summed from days. Each day a party was penalized, per agency
    // and district-wide (scope '*'), is a row that knows the party's previous such day: a party counts in a period
    // exactly once, on the first of its days in it, the one whose previous day lies before the period (or is none).
    await q.query(`
      CREATE TABLE statistics_party_days (
        scope       text NOT NULL,
        party_key   text NOT NULL,
        occurred_on date NOT NULL,
        prev_on     date,
        PRIMARY KEY (scope, party_key, occurred_on)
      )`);
    await q.query(`
      INSERT INTO statistics_party_days (scope, party_key, occurred_on, prev_on)
      SELECT scope, party_key, occurred_on, lag(occurred_on) OVER (PARTITION BY scope, party_key ORDER BY occurred_on)
      FROM (SELECT DISTINCT agency_id AS scope, party_key, occurred_on FROM statistics_penalty_decisions
            UNION SELECT '*', party_key, occurred_on FROM statistics_penalty_decisions) AS days`);
    await q.query(`CREATE INDEX statistics_party_days_period ON statistics_party_days (occurred_on, scope) INCLUDE (prev_on)`);
    // Overdue without asOf reads only the publications not yet published and those published after the period.
    await q.query(`CREATE INDEX statistics_publications_unpublished ON statistics_publications (due_date) WHERE published_on IS NULL`);
    await q.query(`CREATE INDEX statistics_publications_published ON statistics_publications (published_on)`);
    // Every submission is kept (a resubmission adds a row); a query takes the latest known at its asOf.
    await q.query(`
      CREATE TABLE statistics_submissions (
        global_position bigint PRIMARY KEY,
        agency_id       text NOT NULL,
        period_from     date NOT NULL,
        period_to       date NOT NULL,
        figures         jsonb NOT NULL,
        recorded_at     timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX statistics_submissions_period ON statistics_submissions (period_from, period_to, agency_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE statistics_submissions`);
    await q.query(`DROP INDEX statistics_publications_published`);
    await q.query(`DROP INDEX statistics_publications_unpublished`);
    await q.query(`DROP TABLE statistics_party_days`);
    await q.query(`DROP INDEX statistics_facts_recorded`);
    await q.query(`DROP TABLE statistics_monthly`);
  }
}
