import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A personal value as stored: AES-256-GCM under the key of its data subject. The subject id travels in the clear
 * (it names no one: it is derived from the record, e.g. `party:case-…`) and is the additional authenticated data,
 * so a value cannot be moved to another subject's key without failing to open.
 */
export interface SealedValue {
  readonly $sealed: 1;
  readonly subject: string;
  /** base64 of iv (12 bytes) | tag (16 bytes) | ciphertext of the value's JSON. */
  readonly box: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export function isSealed(value: unknown): value is SealedValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { $sealed?: unknown }).$sealed === 1 &&
    typeof (value as { subject?: unknown }).subject === 'string' &&
    typeof (value as { box?: unknown }).box === 'string'
  );
}

export function newSubjectKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function seal(subject: string, key: Buffer, value: unknown): SealedValue {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subject, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { $sealed: 1, subject, box: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64') };
}

/** The value sealed under `key`; throws when the box was altered or sealed under another key or subject. */
export function open(sealed: SealedValue, key: Buffer): unknown {
  const box = Buffer.from(sealed.box, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(sealed.subject, 'utf8'));
  decipher.setAuthTag(box.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const plain = Buffer.concat([decipher.update(box.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as unknown;
}
