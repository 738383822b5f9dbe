import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { ControlledClock } from '../../src/shared/clock.js';
import { TEST_JWT_SECRET, type TestApp, dropQueues, startTestApp } from '../support/app.js';
import { type Staff, setUpAgency, caseInReview } from '../support/cases.js';
import { TEST_DATABASE_PREFIX, type TestDatabase, createTestDatabase, databaseUrl, withAdminClient } from '../support/database.js';
import { buildOnce, runCli } from './run-cli.js';

/**
 * The operator's CLI, run as the built file in a child process against test databases. One source database is
 * filled over HTTP once; the tests that tamper with it come last.
 */

let source: TestDatabase;
let work: string;
const databases: TestDatabase[] = [];

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Every stored column but the transaction id, which the importing transaction assigns. */
const EVENTS = `SELECT global_position, event_id, stream_id, stream_type, stream_version, type, schema_version, data,
  metadata, agency_id, occurred_at, recorded_at, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash
  FROM events ORDER BY global_position`;
const STREAMS = `SELECT stream_id, stream_type, agency_id, version, encode(last_hash, 'hex') AS last_hash, created_at, updated_at
  FROM streams ORDER BY stream_id`;

async function submitReview(t: TestApp, staff: Staff): Promise<void> {
  await caseInReview(t, staff, { filing: { violations: [{ description: '未按规定开展安全生产教育和培训', legalBasis: '《安全生产法》第九十七条' }] } });
}

async function freshDatabaseName(): Promise<string> {
  return `${TEST_DATABASE_PREFIX}_cli_${randomBytes(4).toString('hex')}`;
}

async function databaseExists(name: string): Promise<boolean> {
  return withAdminClient(async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

beforeAll(async () => {
  await buildOnce();
  work = await mkdtemp(path.join(os.tmpdir(), 'casetrail-cli-'));
  source = await createTestDatabase();
  const t = await startTestApp({ database: source, clock: new ControlledClock(new Date('2026-03-04T12:00:00+08:00')) });
  try {
    const staff = await setUpAgency(t);
    for (let n = 0; n < 3; n += 1) await submitReview(t, staff);
    await t.settle();
  } finally {
    await t.close();
  }
}, 180_000);

afterAll(async () => {
  for (const database of databases) await database.drop();
  await source?.drop();
  await dropQueues(source.name);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('casetrail migrate and token', () => {
  it('creates a missing database and migrates it, then finds it up to date', async () => {
    const name = await freshDatabaseName();
    try {
      const first = await runCli(['migrate'], databaseUrl(name));
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('applied: CreateEventStore1764300000000');
      const second = await runCli(['migrate'], databaseUrl(name));
      expect(second).toMatchObject({ code: 0 });
      expect(second.stdout).toContain('is up to date');
    } finally {
      await dropDatabase(name);
    }
  });

  it('signs a token with the configured secret, and explains its arguments when they are wrong', async () => {
    const signed = await runCli(['token', '--sub', 'admin-1', '--agency', 'dazu-emb', '--roles', 'admin,district', '--hours', '1'], source.url);
    expect(signed.code).toBe(0);
    expect(jwt.verify(signed.stdout.trim(), TEST_JWT_SECRET, { algorithms: ['HS256'] })).toMatchObject({
      sub: 'admin-1',
      agency: 'dazu-emb',
      roles: ['admin', 'district'],
    });
    const wrong = await runCli(['token', '--sub', 'admin-1', '--roles', 'wizard'], source.url);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('usage: casetrail token');
    expect((await runCli(['frobnicate'], source.url)).code).toBe(2);
  });
});

describe('casetrail export and import', () => {
  let exported: string;

  it('exports every event in global order with its hashes, the stream heads and an end line', async () => {
    exported = path.join(work, 'events.ndjson');
    const result = await runCli(['export', '--out', exported], source.url);
    expect(result.code).toBe(0);
    const lines = (await readFile(exported, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const events = await query<{ global_position: string }>(source.url, EVENTS);
    const streams = await query(source.url, STREAMS);
    expect(lines[0]).toMatchObject({ format: 'casetrail-event-log', formatVersion: 1 });
    const eventLines = lines.filter((line) => line.kind === 'event');
    expect(eventLines.map((line) => line.globalPosition)).toEqual(events.map((row) => Number(row.global_position)));
    expect(eventLines[0]).toEqual(
      expect.objectContaining({ prevHash: '0'.repeat(64), hash: expect.stringMatching(/^[0-9a-f]{64}$/), metadata: expect.any(Object) }),
    );
    expect(lines.filter((line) => line.kind === 'stream')).toHaveLength(streams.length);
    expect(lines.at(-1)).toMatchObject({ kind: 'end', events: events.length, streams: streams.length });
    expect(result.stderr).toMatch(/stream heads digest: [0-9a-f]{64}/);
  });

  it('imports the export into an empty database: the same events, hashes and heads, and every chain verifies', async () => {
    const target = await createTestDatabase();
    databases.push(target);
    const result = await runCli(['import', exported], target.url);
    expect(result.stderr).toContain('imported');
    expect(result.code).toBe(0);
    expect(await query(target.url, EVENTS)).toEqual(await query(source.url, EVENTS));
    expect(await query(target.url, STREAMS)).toEqual(await query(source.url, STREAMS));
    // The digest the import prints is the one the export printed.
    const digest = /stream heads digest: ([0-9a-f]{64})/.exec(result.stderr)?.[1];
    expect((await readFile(exported, 'utf8')).trimEnd().split('\n').at(-1)).toContain(digest);
    const verified = await runCli(['verify'], target.url);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('every chain holds');

    // The imported log goes on: the next append takes the next global position and chains onto the imported head.
    const [next] = await query<{ position: string }>(target.url, `SELECT nextval(pg_get_serial_sequence('events', 'global_position')) AS position`);
    const [max] = await query<{ position: string }>(source.url, 'SELECT max(global_position) AS position FROM events');
    expect(Number(next?.position)).toBe(Number(max?.position) + 1);
  });

  it('refuses to import into a database whose event log is not empty, and writes nothing', async () => {
    const before = await query<{ n: string }>(source.url, 'SELECT count(*) AS n FROM events');
    const result = await runCli(['import', exported], source.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/already holds \d+ events .* nothing was written/s);
    expect(await query(source.url, 'SELECT count(*) AS n FROM events')).toEqual(before);
  });

  it('refuses a file with a broken chain, whatever was changed, and writes nothing (not even the database)', async () => {
    const lines = (await readFile(exported, 'utf8')).trimEnd().split('\n');
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown> & { streamId?: string; streamVersion?: number });
    const longest = [...parsed].filter((line) => line.kind === 'stream').sort((a, b) => Number(b.version) - Number(a.version))[0]?.streamId;
    const indexOf = (version: number) => parsed.findIndex((line) => line.kind === 'event' && line.streamId === longest && line.streamVersion === version);
    const lastVersion = Math.max(...parsed.filter((line) => line.kind === 'event' && line.streamId === longest).map((line) => Number(line.streamVersion)));
    expect(lastVersion).toBeGreaterThanOrEqual(3);
    const edit = (index: number, change: (line: Record<string, unknown>) => Record<string, unknown>): string[] =>
      lines.map((line, n) => (n === index ? JSON.stringify(change(JSON.parse(line) as Record<string, unknown>)) : line));
    const variants: Record<string, string[]> = {
      payload: edit(indexOf(2), (line) => ({ ...line, data: { ...(line.data as object), tampered: true } })),
      'hashed metadata': edit(indexOf(1), (line) => ({ ...line, metadata: { ...(line.metadata as object), actorId: 'someone-else' } })),
      'payload with a recomputed-looking hash': edit(indexOf(2), (line) => ({ ...line, type: 'SomethingElse', hash: 'f'.repeat(64) })),
      order: lines.map((line, n) => (n === indexOf(2) ? (lines[indexOf(3)] as string) : n === indexOf(3) ? (lines[indexOf(2)] as string) : line)),
      'a deleted event': lines.filter((_, n) => n !== indexOf(2)),
      'a deleted last event': lines.filter((_, n) => n !== indexOf(lastVersion)),
      'a truncated file': lines.slice(0, -1),
    };
    for (const [what, content] of Object.entries(variants)) {
      const file = path.join(work, `tampered-${what.replaceAll(' ', '-')}.ndjson`);
      await writeFile(file, `${content.join('\n')}\n`);
      const name = await freshDatabaseName();
      const result = await runCli(['import', file], databaseUrl(name));
      expect({ what, code: result.code }).toEqual({ what, code: 1 });
      expect(result.stderr).toContain('nothing was written');
      if (what !== 'a truncated file') expect(result.stdout).toContain(`BROKEN ${longest}`);
      expect(await databaseExists(name)).toBe(false);
    }
  }, 60_000);
});

describe('casetrail rebuild', () => {
  it('rebuilds a projection into the read model the incremental run made, and reports events per second', async () => {
    const summaries = `SELECT * FROM case_summaries ORDER BY case_id`;
    const before = await query(source.url, summaries);
    expect(before).toHaveLength(3);
    const result = await runCli(['rebuild', 'case-summaries'], source.url);
    expect(result.stderr).toContain('rebuilding case-summaries');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/rebuilt case-summaries: \d+ events in [\d.]+ s \([\d,]+ events\/s\)/);
    expect(await query(source.url, summaries)).toEqual(before);
  });

  it('rebuilds every projection with --all, and names the projections when asked for an unknown one', async () => {
    const officers = await query(source.url, 'SELECT * FROM officers ORDER BY officer_id');
    const all = await runCli(['rebuild', '--all'], source.url);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/rebuilt identity: /);
    expect(all.stdout).toMatch(/rebuilt \d+ projections: \d+ events in [\d.]+ s/);
    expect(await query(source.url, 'SELECT * FROM officers ORDER BY officer_id')).toEqual(officers);
    const unknown = await runCli(['rebuild', 'no-such-projection'], source.url);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('case-summaries');
  }, 60_000);

  it('refuses to rebuild a projection a running instance holds', async () => {
    const t = await startTestApp({ database: source });
    try {
      await t.settle();
      const result = await runCli(['rebuild', 'identity'], source.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('stop the instances, then rebuild');
    } finally {
      await t.close();
    }
  });
});

describe('casetrail verify', () => {
  it('finds every chain intact, then names each stream that was tampered with, and exits 1', async () => {
    const clean = await runCli(['verify'], source.url);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/\d+ streams, \d+ events: every chain holds/);

    const streams = (await query<{ stream_id: string }>(source.url, 'SELECT stream_id FROM streams WHERE version >= 3 ORDER BY stream_id')).map(
      (row) => row.stream_id,
    );
    const single = (await query<{ stream_id: string }>(source.url, 'SELECT stream_id FROM streams WHERE version = 1 ORDER BY stream_id')).map(
      (row) => row.stream_id,
    );
    expect(streams.length).toBeGreaterThanOrEqual(3);
    expect(single.length).toBeGreaterThanOrEqual(3);
    const [payload, order, middle] = streams as [string, string, string];
    const [metadata, tail, head] = single as [string, string, string];
    const client = new pg.Client({ connectionString: source.url });
    await client.connect();
    try {
      // Only a superuser can do this: the append-only trigger refuses every UPDATE and DELETE.
      await client.query('ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete');
      await client.query(`UPDATE events SET data = data || '{"amountFen": 1}' WHERE stream_id = $1 AND stream_version = 2`, [payload]);
      await client.query(`UPDATE events SET metadata = jsonb_set(metadata, '{actorId}', '"someone-else"') WHERE stream_id = $1`, [metadata]);
      await client.query(`UPDATE events SET stream_version = 1000 WHERE stream_id = $1 AND stream_version = 2`, [order]);
      await client.query(`UPDATE events SET stream_version = 2 WHERE stream_id = $1 AND stream_version = 3`, [order]);
      await client.query(`UPDATE events SET stream_version = 3 WHERE stream_id = $1 AND stream_version = 1000`, [order]);
      await client.query(`DELETE FROM events WHERE stream_id = $1 AND stream_version = 2`, [middle]);
      await client.query(`DELETE FROM events WHERE stream_id = $1`, [tail]);
      await client.query(`DELETE FROM streams WHERE stream_id = $1`, [head]);
      await client.query('ALTER TABLE events ENABLE TRIGGER events_no_update_or_delete');
    } finally {
      await client.end();
    }

    const result = await runCli(['verify'], source.url);
    expect(result.code).toBe(1);
    const broken = result.stdout.split('\n').filter((line) => line.startsWith('BROKEN '));
    expect(broken).toEqual(
      expect.arrayContaining([
        `BROKEN ${payload} at version 2: the event does not match its hash`,
        `BROKEN ${metadata} at version 1: the event does not match its hash`,
        `BROKEN ${order} at version 2: prev_hash does not match the previous event`,
        `BROKEN ${middle} at version 2: version 2 is missing`,
        `BROKEN ${tail} at version 1: the stream head says version 1`,
        `BROKEN ${head} at version 2: the stream head says version 0`,
      ]),
    );
    expect(broken).toHaveLength(6);
    expect(result.stdout).toMatch(/6 of \d+ streams broken/);
  });
});
