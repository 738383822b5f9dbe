import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The monthly bulletins as the public pages read them: one row per bulletin, one per entry. */
export class CreatePublicBulletins1764300001300 implements MigrationInterface {
  name = 'CreatePublicBulletins1764300001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_bulletins (
        month          text PRIMARY KEY,
        published_at   timestamptz NOT NULL,
        inspections    integer NOT NULL,
        investigations integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE public_bulletin_entries (
        month     text NOT NULL REFERENCES public_bulletins ON DELETE CASCADE,
        position  integer NOT NULL,
        opened_on date NOT NULL,
        agency_id text NOT NULL,
        kind      text NOT NULL,
        party     text NOT NULL,
        hazards   integer NOT NULL,
        status    text NOT NULL,
        PRIMARY KEY (month, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE public_bulletin_entries`);
    await q.query(`DROP TABLE public_bulletins`);
  }
}
