import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { KEY_BYTES } from './sealing.js';

/**
 * The data subjects' keys as stored: each wrapped (AES-256-GCM) under a key-encryption key (KEK) that the database
 * does not hold, with the subject id as additional authenticated data, so that a wrapped key copied onto another
 * subject's row does not unwrap. A dump of `personal_data_keys` alone then opens nothing
 * (docs/adr/0018-erasure-by-crypto-shredding.md).
 */

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** iv (12 bytes) | tag (16 bytes) | the subject's key, encrypted (32 bytes). */
export const WRAPPED_KEY_BYTES = IV_BYTES + TAG_BYTES + KEY_BYTES;
const ID_LABEL = 'casetrail personal-data key-encryption key id';

export interface KeyEncryptionKey {
  /** Names the KEK in `personal_data_keys.kek_id` without revealing it: a MAC of a fixed label under the key. */
  readonly id: string;
  readonly bytes: Buffer;
}

export function keyEncryptionKey(bytes: Buffer): KeyEncryptionKey {
  if (bytes.length !== KEY_BYTES) throw new Error(`a key-encryption key has ${KEY_BYTES} bytes (got ${bytes.length})`);
  return { id: `kek-${createHmac('sha256', bytes).update(ID_LABEL).digest('hex').slice(0, 16)}`, bytes };
}

export function newKeyEncryptionKey(): KeyEncryptionKey {
  return keyEncryptionKey(randomBytes(KEY_BYTES));
}

export function wrapKey(kek: KeyEncryptionKey, subject: string, key: Buffer): Buffer {
  if (key.length !== KEY_BYTES) throw new Error(`a subject's key has ${KEY_BYTES} bytes (got ${key.length})`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek.bytes, iv);
  cipher.setAAD(Buffer.from(subject, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** The subject's key; throws when `wrapped` was altered, or wrapped under another KEK or for another subject. */
export function unwrapKey(kek: KeyEncryptionKey, subject: string, wrapped: Buffer): Buffer {
  if (wrapped.length !== WRAPPED_KEY_BYTES) throw new Error(`a wrapped key has ${WRAPPED_KEY_BYTES} bytes (got ${wrapped.length})`);
  const decipher = createDecipheriv('aes-256-gcm', kek.bytes, wrapped.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(subject, 'utf8'));
  decipher.setAuthTag(wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** A row of `personal_data_keys` as far as its key goes: wrapped, plain (stored before wrapping), or none (erased). */
export interface StoredKey {
  readonly subject_id: string;
  readonly key: Buffer | null;
  readonly wrapped_key: Buffer | null;
  readonly kek_id: string | null;
}

/** A wrapped key whose KEK was not given: the configuration lacks it (PERSONAL_DATA_KEK_FILE / _PREVIOUS_FILE). */
export class UnknownKeyEncryptionKeyError extends Error {
  constructor(
    readonly kekId: string,
    known: readonly string[],
  ) {
    super(`a personal-data key is wrapped under ${kekId}, which is not configured (the configured KEKs are ${known.join(', ')})`);
    this.name = 'UnknownKeyEncryptionKeyError';
  }
}

/** What the vault needs of the KEKs: to wrap a new subject's key for storing, and to open a stored one. */
export interface SubjectKeyCustody {
  wrap(subject: string, key: Buffer): { wrappedKey: Buffer; kekId: string };
  open(row: StoredKey): Buffer | null;
}

/** The current KEK, which wraps every new key, and the previous ones still accepted for unwrapping (a rotation). */
export class KeyRing implements SubjectKeyCustody {
  readonly current: KeyEncryptionKey;
  private readonly byId: ReadonlyMap<string, KeyEncryptionKey>;

  constructor(current: KeyEncryptionKey, previous: readonly KeyEncryptionKey[] = []) {
    this.current = current;
    this.byId = new Map([...previous, current].map((kek) => [kek.id, kek] as const));
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }

  knows(kekId: string): boolean {
    return this.byId.has(kekId);
  }

  /** A subject's key as it is to be stored: wrapped under the current KEK. */
  wrap(subject: string, key: Buffer): { wrappedKey: Buffer; kekId: string } {
    return { wrappedKey: wrapKey(this.current, subject, key), kekId: this.current.id };
  }

  /** The subject's key of a stored row: unwrapped, or as stored for a row from before wrapping; null once erased. */
  open(row: StoredKey): Buffer | null {
    if (row.wrapped_key && row.kek_id) {
      const kek = this.byId.get(row.kek_id);
      if (!kek) throw new UnknownKeyEncryptionKeyError(row.kek_id, this.ids);
      return unwrapKey(kek, row.subject_id, row.wrapped_key);
    }
    return row.key;
  }
}
