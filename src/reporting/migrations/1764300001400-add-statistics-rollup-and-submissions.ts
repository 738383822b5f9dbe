import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddStatisticsRollupAndSubmissions1764300001400 implements MigrationInterface {
  name = 'AddStatisticsRollupAndSubmissions1764300001400';

  async up(q: QueryRunner): Promise<void> {
    // The facts summed per agency, business day, figure and the (UTC) day they were recorded: a year's report reads a
    // few thousand rows instead of one per event. A query as of an instant takes the days recorded before that
    // instant's day from here and only that day's facts from statistics_facts, so it stays exact.
    await q.query(`
      CREATE TABLE statistics_daily (
        occurred_on date NOT NULL,
        agency_id   text NOT NULL,
        figure      text NOT NULL,
        recorded_on date NOT NULL,
        amount      bigint NOT NULL,
        PRIMARY KEY (occurred_on, agency_id, figure, recorded_on)
      )`);
    await q.query(`
      INSERT INTO statistics_daily (occurred_on, agency_id, figure, recorded_on, amount)
      SELECT occurred_on, agency_id, figure, (recorded_at AT TIME ZONE 'UTC')::date, sum(amount)
      FROM statistics_facts GROUP BY 1, 2, 3, 4`);
    // The facts one by one are read only for the day of an asOf: by the time they were recorded, not by period.
    await q.query(`DROP INDEX statistics_facts_period`);
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
    await q.query(
      `CREATE INDEX statistics_facts_period ON statistics_facts (occurred_on, agency_id) INCLUDE (figure, amount, recorded_at)`,
    );
    await q.query(`DROP TABLE statistics_daily`);
  }
}
