import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TestApp, startTestApp } from '../support/app.js';
import { type TestDatabase, createTestDatabase } from '../support/database.js';
import { type Staff, openCase, setUpAgency } from '../support/cases.js';
import { buildOnce, runCli } from '../cli/run-cli.js';
import { copySealedLog, cutLogFrom, firstPositionOf, superuser } from '../support/sealed-log.js';

/**
 * Deletions a database superuser can make, each tried on a fresh copy of the same log: the per-stream chains miss
 * most of them (a tail cut with its head rewound, a stream deleted whole); the ledger and its signed checkpoints
 * must catch every one, in `casetrail verify` and in the API.
 */
const keys = mkdtempSync(path.join(tmpdir(), 'casetrail-keys-'));
const env = {
  CHECKPOINT_KEY_FILE: path.join(keys, 'checkpoint.pem'),
  CHECKPOINT_WITNESS_FILE: path.join(keys, 'witness.txt'),
  CHECKPOINT_INTERVAL_MS: '3600000',
};
const at = (n: number): string => `2026-03-02T${String(9 + n).padStart(2, '0')}:00:00+08:00`;

let t: TestApp;
let database: TestDatabase;
let staff: Staff;
let cases: string[];
let admin: string;
let auditor: string;

const verify = (url: string, args: string[] = []) => runCli(['verify', ...args], url, { ...env, CHECKPOINT_WITNESS_FILE: '' });

beforeAll(async () => {
  await buildOnce();
  database = await createTestDatabase();
  t = await startTestApp({ database, env });
  staff = await setUpAgency(t);
  admin = t.token({ sub: 'admin-1', roles: ['admin'] });
  auditor = t.token({ sub: 'auditor-1', roles: ['auditor'] });
  cases = [];
  for (let n = 0; n < 4; n += 1) {
    const caseId = await openCase(t, staff, { occurredAt: at(n) });
    for (let h = 0; h < 2; h += 1) {
      await t
        .http()
        .post(`/api/cases/${caseId}/hazards`)
        .auth(staff.officerA.token, { type: 'bearer' })
        .send({ occurredAt: at(n).replace(':00:00', `:1${h}:00`), description: `隐患${h}`, severity: 'general' })
        .expect(201);
    }
    cases.push(caseId);
  }
  await t.settle();
  await t.http().post('/api/log/checkpoints').auth(admin, { type: 'bearer' }).expect(200);
}, 120_000);

afterAll(async () => {
  await t?.close();
  await database?.drop();
  rmSync(keys, { recursive: true, force: true });
});

describe('the ledger and its checkpoints', () => {
  it('seals every event and signs a checkpoint that the public can read, check and keep', async () => {
    const latest = await t.http().get('/api/log/checkpoints/latest').expect(200);
    const { checkpoint, publicKey } = latest.body as { checkpoint: { number: number; entries: number; line: string }; publicKey: string };
    const [{ count }] = await superuser(database.url, async (client) => (await client.query<{ count: number }>('SELECT count(*)::int AS count FROM events')).rows) as [{ count: number }];
    expect(checkpoint.entries).toBe(count);
    expect(checkpoint.line).toMatch(/^casetrail-checkpoint\/1 #1 entries=\d+ head=[0-9a-f]{64} /);
    expect(publicKey).toContain('BEGIN PUBLIC KEY');
    expect(readFileSync(env.CHECKPOINT_WITNESS_FILE, 'utf8').trim()).toBe(checkpoint.line);
    // Signing again with nothing new adds no checkpoint.
    const again = await t.http().post('/api/log/checkpoints').auth(admin, { type: 'bearer' }).expect(200);
    expect(again.body.checkpoint.number).toBe(1);

    const clean = await verify(database.url, ['--checkpoint', checkpoint.line]);
    expect(clean.stdout).toMatch(/every chain holds; ledger \d+ entries \(0 not sealed yet\), 2 checkpoints hold/);
    expect(clean.code).toBe(0);

    const api = await t.http().post('/api/log/verification').auth(auditor, { type: 'bearer' }).send({ checkpoints: [checkpoint.line] }).expect(200);
    expect(api.body.ok).toBe(true);
    expect(api.body.checkpoints.map((check: { source: string; ok: boolean }) => [check.source, check.ok])).toEqual([
      ['log', true],
      ['held', true],
      ['witness', true],
    ]);
  });

  it('refuses a checkpoint that was not signed by the checkpoint key', async () => {
    const { body } = await t.http().get('/api/log/checkpoints/latest').expect(200);
    const line = (body.checkpoint.line as string).replace(/entries=(\d+)/, (_all, n: string) => `entries=${Number(n) - 1}`);
    const result = await verify(database.url, ['--checkpoint', line]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('CHECKPOINT held #1: not signed by the checkpoint key');
  });
});

describe('each deletion a superuser can make is detected', () => {
  let copy: TestDatabase;
  let line: string;

  beforeEach(async () => {
    // A copy of the sealed log for each deletion, taken with the app's connections to it closed for a moment.
    line = (await t.http().get('/api/log/checkpoints/latest').expect(200)).body.checkpoint.line as string;
    copy = await createTestDatabase();
    await copySealedLog(database.url, copy.url);
  });

  afterEach(async () => {
    await copy.drop();
  });

  const streamOf = (caseId: string): string => `case-${caseId}`;

  it('an event in the middle of a stream', async () => {
    await superuser(copy.url, (client) => client.query('DELETE FROM events WHERE stream_id = $1 AND stream_version = 2', [streamOf(cases[0]!)]));
    const result = await verify(copy.url);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`BROKEN ${streamOf(cases[0]!)} at version 2: version 2 is missing`);
    expect(result.stdout).toMatch(new RegExp(`LEDGER entry \\d+ \\(${streamOf(cases[0]!)} version 2, global position \\d+\\): the sealed event is missing from the log`));
    expect(result.stdout).toMatch(/GAP global positions \d+-\d+: 1 sealed events are gone/);
  });

  it("a stream's tail with its head rewound", async () => {
    await superuser(copy.url, async (client) => {
      await client.query('DELETE FROM events WHERE stream_id = $1 AND stream_version = 3', [streamOf(cases[1]!)]);
      await client.query(
        `UPDATE streams SET version = 2, last_hash = (SELECT hash FROM events WHERE stream_id = $1 AND stream_version = 2) WHERE stream_id = $1`,
        [streamOf(cases[1]!)],
      );
    });
    const result = await verify(copy.url);
    expect(result.code).toBe(1);
    // The stream's own chain holds: only the ledger knows version 3 existed.
    expect(result.stdout).not.toContain(`BROKEN ${streamOf(cases[1]!)}`);
    expect(result.stdout).toMatch(new RegExp(`LEDGER entry \\d+ \\(${streamOf(cases[1]!)} version 3, .*\\): the sealed event is missing from the log`));
  });

  it('a whole stream, events and head', async () => {
    await superuser(copy.url, async (client) => {
      await client.query('DELETE FROM events WHERE stream_id = $1', [streamOf(cases[2]!)]);
      await client.query('DELETE FROM streams WHERE stream_id = $1', [streamOf(cases[2]!)]);
    });
    const result = await verify(copy.url);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`MISSING ${streamOf(cases[2]!)}: the ledger sealed 3 events of it; none is left`);
  });

  it('the tail of the whole log with its ledger entries, checkpoints and heads: the checkpoint kept outside proves it', async () => {
    // Everything from the last case on, as if it had never been recorded: events, ledger, checkpoints, heads rewound.
    await cutLogFrom(copy.url, await firstPositionOf(copy.url, streamOf(cases[3]!)));
    const inside = await verify(copy.url);
    // Consistent inside the database: nothing there tells.
    expect(inside.stdout).toMatch(/every chain holds/);
    const held = await verify(copy.url, ['--checkpoint', line]);
    expect(held.code).toBe(1);
    expect(held.stdout).toMatch(/CHECKPOINT held #1: checkpoint #1 sealed (\d+) entries; the ledger holds \d+: the log was cut/);
  });

  it('ledger entries deleted with the events they seal', async () => {
    await superuser(copy.url, async (client) => {
      // Inside the log, not at its end: entries after it remain, numbered on.
      const stream = streamOf(cases[0]!);
      await client.query('DELETE FROM events WHERE stream_id = $1 AND stream_version = 3', [stream]);
      await client.query('DELETE FROM log_ledger WHERE stream_id = $1 AND stream_version = 3', [stream]);
    });
    const result = await verify(copy.url);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/LEDGER entry \d+: ledger entries \d+ to \d+ are missing/);
    expect(result.stdout).toMatch(/CHECKPOINT log #1: the ledger up to entry \d+ is not the one checkpoint #1 signed/);
  });
});

describe('the API on a case cut back or deleted whole', () => {
  it('reports the case missing, never ok', async () => {
    const officer = staff.officerA.token;
    const whole = await t.http().get(`/api/cases/${cases[3]}/integrity`).auth(officer, { type: 'bearer' }).expect(200);
    expect(whole.body).toMatchObject({ ok: true, version: 3, sealedVersion: 3 });

    await superuser(database.url, async (client) => {
      await client.query('DELETE FROM events WHERE stream_id = $1 AND stream_version = 3', [`case-${cases[2]}`]);
      await client.query(
        `UPDATE streams SET version = 2, last_hash = (SELECT hash FROM events WHERE stream_id = $1 AND stream_version = 2) WHERE stream_id = $1`,
        [`case-${cases[2]}`],
      );
      await client.query('DELETE FROM events WHERE stream_id = $1', [`case-${cases[3]}`]);
      await client.query('DELETE FROM streams WHERE stream_id = $1', [`case-${cases[3]}`]);
    });
    const cut = await t.http().get(`/api/cases/${cases[2]}/integrity`).auth(officer, { type: 'bearer' }).expect(200);
    expect(cut.body).toMatchObject({ ok: false, brokenAtVersion: 3, reason: 'version 3 was sealed in the ledger and is gone', sealedVersion: 3 });
    const gone = await t.http().get(`/api/cases/${cases[3]}/integrity`).auth(officer, { type: 'bearer' }).expect(200);
    expect(gone.body).toMatchObject({ ok: false, missing: true, sealedVersion: 3 });
    const stream = await t.http().get(`/api/streams/case-${cases[3]}/verification`).auth(auditor, { type: 'bearer' }).expect(200);
    expect(stream.body).toMatchObject({ ok: false, missing: true });
    // Another agency's officer learns nothing of it.
    await t.http().get(`/api/cases/${cases[3]}/integrity`).auth(staff.outsider.token, { type: 'bearer' }).expect(404);

    const api = await t.http().post('/api/log/verification').auth(auditor, { type: 'bearer' }).send({}).expect(200);
    expect(api.body.ok).toBe(false);
    expect(api.body.missingStreams).toEqual([{ streamId: `case-${cases[3]}`, sealedVersion: 3 }]);
  });
});
