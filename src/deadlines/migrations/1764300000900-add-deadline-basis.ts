import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How each due date was counted, so that a recorded holiday notice can count provisional ones again. */
export class AddDeadlineBasis1764300000900 implements MigrationInterface {
  name = 'AddDeadlineBasis1764300000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines ADD COLUMN basis jsonb`);
    await q.query(`CREATE INDEX deadlines_provisional ON deadlines (due_date) WHERE status = 'pending' AND provisional`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX deadlines_provisional`);
    await q.query(`ALTER TABLE deadlines DROP COLUMN basis`);
  }
}
