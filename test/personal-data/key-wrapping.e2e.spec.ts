import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { readKeyEncryptionKeyFile } from '../../src/eventstore/personal-data/key-encryption-keys.js';
import { type KeyEncryptionKey, unwrapKey } from '../../src/eventstore/personal-data/key-wrapping.js';
import { type SealedValue, isSealed, open } from '../../src/eventstore/personal-data/sealing.js';
import { buildOnce, runCli } from '../cli/run-cli.js';
import { type TestApp, dropQueues, startTestApp } from '../support/app.js';
import { type Staff, openCase, setUpAgency } from '../support/cases.js';
import { type TestDatabase, createTestDatabase } from '../support/database.js';

/**
 * The data subjects' keys are stored wrapped under a key-encryption key (KEK) held in a file, not in the database:
 * what a copy of `personal_data_keys` gives away, how the app reads with the KEK, how `casetrail personal-data
 * rewrap` moves keys to a new KEK, and what happens without it. One database, the app restarted on it.
 */

// Values no other fixture uses.
const FIRST = { kind: 'person', name: '司马静怡', idNumber: '500111199001014425', phone: '13911112222', address: '重庆市大足区龙水镇宝兴街8号' };
const SECOND = { kind: 'person', name: '上官明轩', idNumber: '500111198805053310', phone: '13933334444', address: '重庆市大足区邮亭镇复兴路12号' };

let database: TestDatabase;
let work: string;
let kekA: string;
let kekB: string;
let firstCase: string;
let secondCase: string;
let firstSubject: string;
let secondSubject: string;
/** How many keys the two cases made. */
let keys: number;

interface KeyRow {
  subject_id: string;
  key: Buffer | null;
  wrapped_key: Buffer | null;
  kek_id: string | null;
  erased_at: Date | null;
}

async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** What a dump of the key table holds: every row, every column. */
const dumpKeys = (): Promise<KeyRow[]> => sql<KeyRow>('SELECT * FROM personal_data_keys ORDER BY subject_id');

/** The sealed name of a case's party, as stored in its CaseOpened event. */
async function sealedName(caseId: string): Promise<SealedValue> {
  const [row] = await sql<{ data: { party: { name: unknown } } }>("SELECT data FROM events WHERE stream_id = $1 AND type = 'CaseOpened'", [`case-${caseId}`]);
  const name = row?.data.party.name;
  if (!isSealed(name)) throw new Error(`the party name of case ${caseId} is not sealed`);
  return name;
}

const opens = (sealed: SealedValue, key: Buffer): boolean => {
  try {
    open(sealed, key);
    return true;
  } catch {
    return false;
  }
};

const kek = (file: string): KeyEncryptionKey => {
  const loaded = readKeyEncryptionKeyFile(file);
  if (!loaded) throw new Error(`no KEK in ${file}`);
  return loaded;
};

async function withApp<T>(env: Record<string, string>, work: (t: TestApp) => Promise<T>): Promise<T> {
  const t = await startTestApp({ database, env });
  try {
    return await work(t);
  } finally {
    await t.close();
  }
}

/** Starts an app that is expected to refuse to start; one that starts after all is closed, so the test fails cleanly. */
async function startOrClose(env: Record<string, string>): Promise<void> {
  const t = await startTestApp({ database, env });
  await t.close();
}

/** The party of a case as the app reads it from the log (the stream read opens every sealed field). */
async function partyInLog(t: TestApp, caseId: string): Promise<unknown> {
  const admin = t.token({ sub: 'admin-dazu', agency: 'dazu-emb', roles: ['admin'] });
  const events = await t.http().get(`/api/cases/${caseId}/events`).auth(admin, { type: 'bearer' }).expect(200);
  return events.body.items[0].data.party;
}

beforeAll(async () => {
  await buildOnce();
  work = await mkdtemp(path.join(os.tmpdir(), 'casetrail-kek-'));
  kekA = path.join(work, 'a', 'personal-data-kek');
  kekB = path.join(work, 'b', 'personal-data-kek');
  database = await createTestDatabase();
}, 180_000);

afterAll(async () => {
  await database?.drop();
  if (database) await dropQueues(database.name);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('with the KEK the app created on first start', () => {
  it('stores every new key wrapped: a dump of personal_data_keys opens no sealed field, the app reads the persons', async () => {
    await withApp({ PERSONAL_DATA_KEK_FILE: kekA }, async (t) => {
      const staff: Staff = await setUpAgency(t);
      firstCase = await openCase(t, staff, { party: FIRST });
      secondCase = await openCase(t, staff, { party: SECOND });
      expect(await partyInLog(t, firstCase)).toEqual(FIRST);
      expect(await partyInLog(t, secondCase)).toEqual(SECOND);
    });
    expect(statSync(kekA).mode & 0o777).toBe(0o600);
    const a = kek(kekA);

    // Two cases: each party's key, and any other subject the cases' events seal (their free texts).
    const dump = await dumpKeys();
    expect(dump.length).toBeGreaterThanOrEqual(2);
    for (const row of dump) {
      expect(row).toMatchObject({ key: null, kek_id: a.id, erased_at: null });
      expect(row.wrapped_key).toHaveLength(60);
    }
    firstSubject = (await sealedName(firstCase)).subject;
    secondSubject = (await sealedName(secondCase)).subject;
    expect(dump.map((row) => row.subject_id)).toEqual(expect.arrayContaining([firstSubject, secondSubject]));
    keys = dump.length;

    // Everything in the dump that could be a key (each bytea, every 32-byte window of it) against each sealed name.
    const candidates = dump.flatMap((row) =>
      [row.key, row.wrapped_key].flatMap((bytes) =>
        bytes ? Array.from({ length: Math.max(1, bytes.length - 31) }, (_unused, at) => bytes.subarray(at, at + 32)).filter((each) => each.length === 32) : [],
      ),
    );
    expect(candidates.length).toBeGreaterThanOrEqual(2 * 29);
    for (const caseId of [firstCase, secondCase]) {
      const sealed = await sealedName(caseId);
      expect(candidates.filter((candidate) => opens(sealed, candidate))).toEqual([]);
      // With the KEK from outside the database, the same row does open it: the test can tell the two apart.
      const row = dump.find((each) => each.subject_id === sealed.subject);
      const key = unwrapKey(a, sealed.subject, row?.wrapped_key ?? Buffer.alloc(0));
      expect(open(sealed, key)).toBe(caseId === firstCase ? FIRST.name : SECOND.name);
      expect(JSON.stringify(dump.map((each) => each.wrapped_key?.toString('hex')))).not.toContain(key.toString('hex'));
    }
  });

  it('still reads a key stored before wrapping (plain)', async () => {
    // As the migration leaves a row written before it: the key itself in `key`.
    const [row] = await sql<KeyRow>('SELECT * FROM personal_data_keys WHERE subject_id = $1', [secondSubject]);
    const plain = unwrapKey(kek(kekA), secondSubject, row?.wrapped_key ?? Buffer.alloc(0));
    await sql('UPDATE personal_data_keys SET key = $2, wrapped_key = NULL, kek_id = NULL WHERE subject_id = $1', [secondSubject, plain]);
    await withApp({ PERSONAL_DATA_KEK_FILE: kekA }, async (t) => {
      expect(await partyInLog(t, firstCase)).toEqual(FIRST);
      expect(await partyInLog(t, secondCase)).toEqual(SECOND);
    });
  });
});

describe('casetrail personal-data rewrap', () => {
  it('wraps the plain key and moves the others to the new KEK, then finds nothing left to do; the app reads with the new KEK alone', async () => {
    // A new KEK the way an operator makes one: `openssl rand -base64 32 > file`.
    mkdirSync(path.dirname(kekB), { recursive: true });
    writeFileSync(kekB, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    const [a, b] = [kek(kekA), kek(kekB)];
    const env = { PERSONAL_DATA_KEK_FILE: kekB, PERSONAL_DATA_KEK_PREVIOUS_FILE: kekA };

    const first = await runCli(['personal-data', 'rewrap'], database.url, env);
    expect(first.stderr).toContain(`under ${b.id}`);
    expect(first.stdout.trim()).toBe(`wrapped 1 plain keys, rewrapped ${keys - 1} from the previous KEK, 0 already under ${b.id}, 0 erased or changed meanwhile`);
    expect(first.code).toBe(0);
    const again = await runCli(['personal-data', 'rewrap'], database.url, env);
    expect(again.stdout.trim()).toBe(`wrapped 0 plain keys, rewrapped 0 from the previous KEK, ${keys} already under ${b.id}, 0 erased or changed meanwhile`);
    expect(again.code).toBe(0);

    const dump = await dumpKeys();
    expect(dump.map((row) => ({ key: row.key, kek: row.kek_id, bytes: row.wrapped_key?.length }))).toEqual(
      Array.from({ length: keys }, () => ({ key: null, kek: b.id, bytes: 60 })),
    );
    for (const row of dump) expect(() => unwrapKey(a, row.subject_id, row.wrapped_key ?? Buffer.alloc(0))).toThrow();

    await withApp({ PERSONAL_DATA_KEK_FILE: kekB }, async (t) => {
      expect(await partyInLog(t, firstCase)).toEqual(FIRST);
      expect(await partyInLog(t, secondCase)).toEqual(SECOND);
    });
  });

  it('refuses, changing nothing, when keys are under a KEK it was not given', async () => {
    const before = await dumpKeys();
    const result = await runCli(['personal-data', 'rewrap'], database.url, { PERSONAL_DATA_KEK_FILE: kekA });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${keys} under ${kek(kekB).id}`);
    expect(await dumpKeys()).toEqual(before);
  });
});

describe('without the KEK the keys are wrapped under', () => {
  it('the app refuses to start, naming the KEK and the variable, and creates no KEK in its place', async () => {
    const b = kek(kekB);
    await expect(startOrClose({ PERSONAL_DATA_KEK_FILE: kekA })).rejects.toThrow(
      new RegExp(`keys wrapped under a key-encryption key that is not configured \\(${keys} under ${b.id}\\); PERSONAL_DATA_KEK_FILE is ${kek(kekA).id}`),
    );
    const missing = path.join(work, 'lost', 'personal-data-kek');
    await expect(startOrClose({ PERSONAL_DATA_KEK_FILE: missing })).rejects.toThrow(
      `PERSONAL_DATA_KEK_FILE ${missing} does not exist, but the database holds personal-data keys wrapped under a key-encryption key (${keys} under ${b.id})`,
    );
    expect(existsSync(missing)).toBe(false);
  });
});

describe('erasure', () => {
  it('destroys the wrapped key with the plain one, whatever columns the erasing statement names; a live row keeps a key', async () => {
    await sql("UPDATE personal_data_keys SET key = NULL, erased_at = now(), erased_by = 'admin-dazu', reason = '保存期限届满' WHERE subject_id = $1", [secondSubject]);
    const [erased] = await sql<KeyRow>('SELECT * FROM personal_data_keys WHERE subject_id = $1', [secondSubject]);
    expect(erased).toMatchObject({ key: null, wrapped_key: null, kek_id: null });
    await expect(sql('UPDATE personal_data_keys SET wrapped_key = NULL, kek_id = NULL WHERE subject_id = $1', [firstSubject])).rejects.toThrow(
      /personal_data_keys_erased_without_key/,
    );
    await withApp({ PERSONAL_DATA_KEK_FILE: kekB }, async (t) => {
      expect(await partyInLog(t, firstCase)).toEqual(FIRST);
      expect(await partyInLog(t, secondCase)).toMatchObject({ name: '[已删除]', idNumber: '[已删除]' });
    });
  });
});
