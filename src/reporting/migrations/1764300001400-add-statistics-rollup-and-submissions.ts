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
    await q.query(`CREATE INDEX statistics_facts_recorded ON statistics_facts (recorded_at)`);
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
    await q.query(`DROP INDEX statistics_facts_recorded`);
    await q.query(`DROP TABLE statistics_daily`);
  }
}
