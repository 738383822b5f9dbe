import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import { type KeyEncryptionKey, KeyRing, type StoredKey, keyEncryptionKey, newKeyEncryptionKey } from './key-wrapping.js';

/**
 * Custody of the key-encryption keys: files outside the database (base64 of 32 bytes, mode 0600), like the
 * checkpoint signing key. The current one (PERSONAL_DATA_KEK_FILE) is created on first start when missing, unless
 * the database already holds keys wrapped under some KEK: a new one would open none of them.
 */

/** The KEK configuration cannot serve the keys in the database; the message says what to give. */
export class KeyEncryptionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyEncryptionKeyError';
  }
}

/** The KEK in `file`, or null when there is no such file. */
export function readKeyEncryptionKeyFile(file: string): KeyEncryptionKey | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const bytes = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+=*$/.test(text) || bytes.length !== 32) {
    throw new KeyEncryptionKeyError(`${file} is not a personal-data key-encryption key (32 bytes in base64 expected)`);
  }
  return keyEncryptionKey(bytes);
}

/** Writes a new KEK to `file` (mode 0600); two processes creating it at once agree on the winner's key. */
export function createKeyEncryptionKeyFile(file: string): KeyEncryptionKey {
  const kek = newKeyEncryptionKey();
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${kek.bytes.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (raced) {
    if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
  }
  const written = readKeyEncryptionKeyFile(file);
  if (!written) throw new KeyEncryptionKeyError(`${file} could not be created`);
  return written;
}

/** How the live (not erased) keys are stored: by the KEK that wraps them, `null` for plain keys from before wrapping. */
export async function storedKeyCounts(executor: SqlExecutor): Promise<Map<string | null, number>> {
  const rows = await executor.query<{ kek_id: string | null; keys: string }[]>(
    'SELECT kek_id, count(*) AS keys FROM personal_data_keys WHERE erased_at IS NULL GROUP BY kek_id',
  );
  return new Map(rows.map((row) => [row.kek_id, Number(row.keys)] as const));
}

export interface KeyRingFiles {
  /** PERSONAL_DATA_KEK_FILE: wraps every new key. */
  readonly current: string;
  /** PERSONAL_DATA_KEK_PREVIOUS_FILE: during a rotation, the KEK the keys not yet rewrapped are under. */
  readonly previous: string | null;
  /** Create the current KEK's file when it is missing and no key is wrapped yet (the server's first start). */
  readonly create?: boolean;
}

export interface LoadedKeyRing {
  readonly ring: KeyRing;
  /** Live keys by how they are stored (see storedKeyCounts). */
  readonly counts: Map<string | null, number>;
}

/**
 * The configured KEKs, checked against the database: a key wrapped under a KEK that is not given stops the start
 * (every read of that person would fail), with a message that names the KEK and the variables.
 */
export async function loadKeyRing(executor: SqlExecutor, files: KeyRingFiles): Promise<LoadedKeyRing> {
  const previous = files.previous ? readKeyEncryptionKeyFile(files.previous) : null;
  if (files.previous && !previous) throw new KeyEncryptionKeyError(`PERSONAL_DATA_KEK_PREVIOUS_FILE names ${files.previous}, which does not exist`);
  const counts = await storedKeyCounts(executor);
  const wrapped = [...counts].flatMap(([kekId, keys]) => (kekId === null ? [] : [{ kekId, keys }]));
  const describe = (list: readonly { kekId: string; keys: number }[]): string => list.map(({ kekId, keys }) => `${keys} under ${kekId}`).join(', ');
  let current = readKeyEncryptionKeyFile(files.current);
  if (!current) {
    const orphaned = wrapped.filter(({ kekId }) => kekId !== previous?.id);
    if (orphaned.length > 0) {
      throw new KeyEncryptionKeyError(
        `PERSONAL_DATA_KEK_FILE ${files.current} does not exist, but the database holds personal-data keys wrapped under a key-encryption key ` +
          `(${describe(orphaned)}): restore that KEK's file there (a new KEK would open none of them)`,
      );
    }
    if (files.create === false) throw new KeyEncryptionKeyError(`PERSONAL_DATA_KEK_FILE ${files.current} does not exist`);
    current = createKeyEncryptionKeyFile(files.current);
  }
  const ring = new KeyRing(current, previous ? [previous] : []);
  const unknown = wrapped.filter(({ kekId }) => !ring.knows(kekId));
  if (unknown.length > 0) {
    throw new KeyEncryptionKeyError(
      `the database holds personal-data keys wrapped under a key-encryption key that is not configured (${describe(unknown)}); ` +
        `PERSONAL_DATA_KEK_FILE is ${current.id}${previous ? `, PERSONAL_DATA_KEK_PREVIOUS_FILE ${previous.id}` : ''}: ` +
        'give the KEK they are under (as PERSONAL_DATA_KEK_PREVIOUS_FILE while rotating, then run casetrail personal-data rewrap)',
    );
  }
  return { ring, counts };
}

export interface RewrapCounts {
  /** Plain keys from before wrapping, now wrapped under the current KEK. */
  readonly wrapped: number;
  /** Keys moved from a previous KEK to the current one. */
  readonly rewrapped: number;
  /** Keys that were under the current KEK already. */
  readonly unchanged: number;
  /** Keys erased (or rewrapped by another run) between the read and the write: left as they were. */
  readonly skipped: number;
}

/**
 * Wraps every live key under the current KEK: plain ones and those under a previous KEK. Each batch is one
 * statement that writes a row only while it is as it was read (not erased, same KEK), so a run beside the server, a
 * second run or an erasure meanwhile changes nothing twice; a run after a complete one finds nothing to do.
 */
export async function rewrapKeys(executor: SqlExecutor, ring: KeyRing, batchSize = 500): Promise<RewrapCounts> {
  const current = ring.current.id;
  const [before] = await executor.query<{ n: string }[]>('SELECT count(*) AS n FROM personal_data_keys WHERE erased_at IS NULL AND kek_id = $1', [current]);
  let wrapped = 0;
  let rewrapped = 0;
  let skipped = 0;
  let after = '';
  for (;;) {
    const rows = await executor.query<StoredKey[]>(
      `SELECT subject_id, key, wrapped_key, kek_id FROM personal_data_keys
       WHERE erased_at IS NULL AND kek_id IS DISTINCT FROM $1 AND subject_id > $2 ORDER BY subject_id LIMIT $3`,
      [current, after, batchSize],
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.subject_id ?? after;
    const rewrapping = rows.flatMap((row) => {
      const key = ring.open(row);
      return key ? [{ subject: row.subject_id, from: row.kek_id, wrappedKey: ring.wrap(row.subject_id, key).wrappedKey }] : [];
    });
    const changed = await executor.query<{ from_kek: string | null }[]>(
      `UPDATE personal_data_keys k SET key = NULL, wrapped_key = u.wrapped_key, kek_id = $1
       FROM unnest($2::text[], $3::bytea[], $4::text[]) AS u (subject_id, wrapped_key, from_kek)
       WHERE k.subject_id = u.subject_id AND k.erased_at IS NULL AND k.kek_id IS NOT DISTINCT FROM u.from_kek
       RETURNING u.from_kek`,
      [current, rewrapping.map((each) => each.subject), rewrapping.map((each) => each.wrappedKey), rewrapping.map((each) => each.from)],
    );
    const plain = changed.filter((row) => row.from_kek === null).length;
    wrapped += plain;
    rewrapped += changed.length - plain;
    skipped += rows.length - changed.length;
  }
  return { wrapped, rewrapped, unchanged: Number(before?.n ?? 0), skipped };
}
