import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCalendarNotices1764300000600 implements MigrationInterface {
  name = 'CreateCalendarNotices1764300000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_notices (
        year          integer PRIMARY KEY,
        notice_number text NOT NULL,
        published_on  date NOT NULL,
        holidays      date[] NOT NULL,
        workdays      date[] NOT NULL,
        version       integer NOT NULL,
        recorded_at   timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_notices`);
  }
}
