import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePlanning1764300001100 implements MigrationInterface {
  name = 'CreatePlanning1764300001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE plans (
        plan_id      text PRIMARY KEY,
        agency_id    text NOT NULL,
        name         text NOT NULL,
        status       text NOT NULL,
        period_from  date NOT NULL,
        period_to    date NOT NULL,
        created_at   timestamptz NOT NULL,
        drawn_at     timestamptz,
        assignments  integer NOT NULL DEFAULT 0,
        completed_at timestamptz,
        version      integer NOT NULL
      )`);
    await q.query(`CREATE INDEX plans_agency_period ON plans (agency_id, period_from DESC, plan_id)`);
    // The drawn inspections as cases: the plan's progress is a projection over the cases' own events.
    await q.query(`
      CREATE TABLE plan_inspections (
        case_id       text PRIMARY KEY,
        plan_id       text NOT NULL,
        agency_id     text NOT NULL,
        credit_code   text NOT NULL,
        opened_at     timestamptz NOT NULL,
        hazards       integer NOT NULL DEFAULT 0,
        major_hazards integer NOT NULL DEFAULT 0,
        penalised     boolean NOT NULL DEFAULT false,
        fines_fen     bigint NOT NULL DEFAULT 0,
        revoked       boolean NOT NULL DEFAULT false,
        closed        boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX plan_inspections_plan ON plan_inspections (plan_id)`);
    // A seed the server generated stays out of the event log, which readers of the plan see, until the draw
    // reveals it. Only the draw handler reads this table.
    await q.query(`
      CREATE TABLE plan_seeds (
        plan_id    text PRIMARY KEY,
        seed       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan_seeds`);
    await q.query(`DROP TABLE plan_inspections`);
    await q.query(`DROP TABLE plans`);
  }
}
