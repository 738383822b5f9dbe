import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What an erasure keeps in place of a sealed free text: a copy cleaned of the record's persons, named by the digest
 * of the sealed value it stands for. Written in the transaction that destroys the key (and recorded in its
 * PersonalDataErased event), read wherever the key is gone (docs/adr/0018-erasure-by-crypto-shredding.md).
 */
export class CreatePersonalDataRetained1764300001700 implements MigrationInterface {
  name = 'CreatePersonalDataRetained1764300001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_data_retained (
        subject_id text NOT NULL REFERENCES personal_data_keys (subject_id),
        digest     bytea NOT NULL CHECK (length(digest) = 32),
        value      jsonb NOT NULL,
        PRIMARY KEY (subject_id, digest)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE personal_data_retained');
  }
}
