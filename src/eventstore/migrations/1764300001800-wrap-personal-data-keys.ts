import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The subjects' keys stored wrapped under a key-encryption key the database does not hold (`wrapped_key`, AES-256-GCM
 * under the KEK named by `kek_id`, the subject id as AAD), so that a copy of the table alone opens no sealed field
 * (docs/adr/0018-erasure-by-crypto-shredding.md). Keys stored before stay in `key` (plain) and keep working until
 * `casetrail personal-data rewrap` wraps them; a row holds one form or the other, never both.
 *
 * Erasure still means "no key material left": a row is erased exactly when it holds neither form, and a trigger
 * clears both forms (and the KEK's name) whenever a row is marked erased, so an erasure that sets `key` to null (the
 * only column it knew of) destroys the wrapped key in the same statement.
 */
export class WrapPersonalDataKeys1764300001800 implements MigrationInterface {
  name = 'WrapPersonalDataKeys1764300001800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE personal_data_keys
        ADD COLUMN wrapped_key bytea CHECK (wrapped_key IS NULL OR length(wrapped_key) = 60),
        ADD COLUMN kek_id text,
        ADD CONSTRAINT personal_data_keys_wrapped_under_kek CHECK ((wrapped_key IS NULL) = (kek_id IS NULL)),
        ADD CONSTRAINT personal_data_keys_one_form CHECK (key IS NULL OR wrapped_key IS NULL),
        DROP CONSTRAINT personal_data_keys_check,
        ADD CONSTRAINT personal_data_keys_erased_without_key CHECK ((key IS NULL AND wrapped_key IS NULL) = (erased_at IS NOT NULL))`);
    await q.query(`
      CREATE FUNCTION personal_data_keys_destroy_on_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.erased_at IS NOT NULL THEN
          NEW.key := NULL;
          NEW.wrapped_key := NULL;
          NEW.kek_id := NULL;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER personal_data_keys_destroy_on_erasure BEFORE INSERT OR UPDATE ON personal_data_keys
        FOR EACH ROW EXECUTE FUNCTION personal_data_keys_destroy_on_erasure()`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Unwrapping needs the KEK, which the database does not have: refuse rather than lose the wrapped keys.
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM personal_data_keys WHERE wrapped_key IS NOT NULL) THEN
          RAISE EXCEPTION 'personal_data_keys holds wrapped keys; this migration cannot be reverted without their KEK';
        END IF;
      END $$`);
    await q.query('DROP TRIGGER personal_data_keys_destroy_on_erasure ON personal_data_keys');
    await q.query('DROP FUNCTION personal_data_keys_destroy_on_erasure()');
    await q.query(`
      ALTER TABLE personal_data_keys
        DROP CONSTRAINT personal_data_keys_erased_without_key,
        ADD CONSTRAINT personal_data_keys_check CHECK ((key IS NULL) = (erased_at IS NOT NULL)),
        DROP COLUMN kek_id,
        DROP COLUMN wrapped_key`);
  }
}
