import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { KeyEncryptionKeyError, createKeyEncryptionKeyFile, readKeyEncryptionKeyFile } from './key-encryption-keys.js';
import { KeyRing, UnknownKeyEncryptionKeyError, WRAPPED_KEY_BYTES, keyEncryptionKey, newKeyEncryptionKey, unwrapKey, wrapKey } from './key-wrapping.js';
import { newSubjectKey, open, seal } from './sealing.js';

const SUBJECT = 'party:case-1';

describe('wrapping a subject key', () => {
  const kek = newKeyEncryptionKey();
  const key = newSubjectKey();

  it('unwraps to the same key with the KEK and subject it was wrapped under, and holds no copy of the key', () => {
    const wrapped = wrapKey(kek, SUBJECT, key);
    expect(wrapped).toHaveLength(WRAPPED_KEY_BYTES);
    expect(wrapped.includes(key)).toBe(false);
    expect(unwrapKey(kek, SUBJECT, wrapped).equals(key)).toBe(true);
    // A fresh iv each time: the same key wraps to another box.
    expect(wrapKey(kek, SUBJECT, key).equals(wrapped)).toBe(false);
  });

  it('refuses a wrapped key that was altered anywhere: iv, tag or ciphertext', () => {
    const wrapped = wrapKey(kek, SUBJECT, key);
    for (const at of [0, 12, 28, WRAPPED_KEY_BYTES - 1]) {
      const tampered = Buffer.from(wrapped);
      tampered[at] = (tampered[at] ?? 0) ^ 0x01;
      expect(() => unwrapKey(kek, SUBJECT, tampered)).toThrow();
    }
    expect(() => unwrapKey(kek, SUBJECT, wrapped.subarray(0, WRAPPED_KEY_BYTES - 1))).toThrow(/60 bytes/);
  });

  it('refuses it for another subject (a wrapped key copied onto another row) and under another KEK', () => {
    const wrapped = wrapKey(kek, SUBJECT, key);
    expect(() => unwrapKey(kek, 'party:case-2', wrapped)).toThrow();
    expect(() => unwrapKey(newKeyEncryptionKey(), SUBJECT, wrapped)).toThrow();
  });

  it('names a KEK by an id that depends on the key alone', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(keyEncryptionKey(bytes).id).toBe(keyEncryptionKey(Buffer.from(bytes)).id);
    expect(keyEncryptionKey(bytes).id).toMatch(/^kek-[0-9a-f]{16}$/);
    expect(keyEncryptionKey(bytes).id).not.toBe(newKeyEncryptionKey().id);
    expect(keyEncryptionKey(bytes).id).not.toContain(bytes.toString('hex').slice(0, 8));
    expect(() => keyEncryptionKey(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('a key ring', () => {
  const previous = newKeyEncryptionKey();
  const current = newKeyEncryptionKey();
  const key = newSubjectKey();

  it('wraps under the current KEK and opens rows under the current, the previous, and plain rows from before wrapping', () => {
    const ring = new KeyRing(current, [previous]);
    const { wrappedKey, kekId } = ring.wrap(SUBJECT, key);
    expect(kekId).toBe(current.id);
    const sealed = seal(SUBJECT, key, '李某');
    const underCurrent = ring.open({ subject_id: SUBJECT, key: null, wrapped_key: wrappedKey, kek_id: kekId });
    expect(open(sealed, underCurrent ?? Buffer.alloc(0))).toBe('李某');
    const underPrevious = ring.open({ subject_id: SUBJECT, key: null, wrapped_key: wrapKey(previous, SUBJECT, key), kek_id: previous.id });
    expect(underPrevious?.equals(key)).toBe(true);
    expect(ring.open({ subject_id: SUBJECT, key, wrapped_key: null, kek_id: null })?.equals(key)).toBe(true);
    expect(ring.open({ subject_id: SUBJECT, key: null, wrapped_key: null, kek_id: null })).toBeNull();
  });

  it('names the KEK a row is under when the ring does not hold it', () => {
    const ring = new KeyRing(current);
    const row = { subject_id: SUBJECT, key: null, wrapped_key: wrapKey(previous, SUBJECT, key), kek_id: previous.id };
    expect(() => ring.open(row)).toThrow(UnknownKeyEncryptionKeyError);
    expect(() => ring.open(row)).toThrow(previous.id);
  });
});

describe('a KEK file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'casetrail-kek-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created with mode 0600 and read back as the same KEK; a second create keeps the first key', () => {
    const file = path.join(dir, 'keys', 'personal-data-kek');
    expect(readKeyEncryptionKeyFile(file)).toBeNull();
    const created = createKeyEncryptionKeyFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readKeyEncryptionKeyFile(file)?.id).toBe(created.id);
    expect(createKeyEncryptionKeyFile(file).id).toBe(created.id);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(created.bytes)).toBe(true);
  });

  it('refuses a file that holds no 32-byte key in base64', () => {
    const file = path.join(dir, 'not-a-key');
    writeFileSync(file, 'not a key at all\n');
    expect(() => readKeyEncryptionKeyFile(file)).toThrow(KeyEncryptionKeyError);
    writeFileSync(file, Buffer.alloc(16).toString('base64'));
    expect(() => readKeyEncryptionKeyFile(file)).toThrow(/32 bytes in base64/);
  });
});
