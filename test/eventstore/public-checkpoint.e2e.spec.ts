import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyLog } from '../../src/eventstore/ledger/log-verification.js';
import { publicationStreamId } from '../../src/publication/domain/publication.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { buildOnce, runCli } from '../cli/run-cli.js';
import { type PublishedFixture, publishDecisions } from '../public-pages/fixtures.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { setUpAgency } from '../support/cases.js';
import { type TestDatabase, createTestDatabase } from '../support/database.js';
import { copySealedLog, cutLogFrom, firstPositionOf, superuser } from '../support/sealed-log.js';

/**
 * The checkpoint a reader takes away from a public page or an export, and what it later proves: a decision is
 * recorded and published, a checkpoint signed; the line is read off the page as anyone would read it; then the log is
 * cut behind the published decision by a database superuser, so well that nothing inside the database tells. Only the
 * line from the page shows the cut.
 */
const keys = mkdtempSync(path.join(tmpdir(), 'casetrail-keys-'));
const env = { CHECKPOINT_KEY_FILE: path.join(keys, 'checkpoint.pem'), CHECKPOINT_INTERVAL_MS: '3600000' };
const clock = new ControlledClock(new Date('2026-03-02T12:00:00+08:00'));

let t: TestApp;
let database: TestDatabase;
let fixture: PublishedFixture;
const databases: TestDatabase[] = [];

const CHECKPOINT_ON_PAGE = /<code class="checkpoint">([^<]+)<\/code>/;
const cli = (args: string[], url: string) => runCli(args, url, env);

async function signCheckpoint(): Promise<string> {
  const admin = t.token({ sub: 'admin-1', roles: ['admin'] });
  const signed = await t.http().post('/api/log/checkpoints').auth(admin, { type: 'bearer' }).expect(200);
  return signed.body.checkpoint.line as string;
}

beforeAll(async () => {
  await buildOnce();
  database = await createTestDatabase();
  t = await startTestApp({ database, env, clock });
  fixture = await publishDecisions(t, await setUpAgency(t), clock);
}, 180_000);

afterAll(async () => {
  await t?.close();
  for (const each of [...databases, database]) await each?.drop();
  rmSync(keys, { recursive: true, force: true });
});

describe('before the first checkpoint', () => {
  it('the public page and feeds say plainly that none has been signed yet', async () => {
    const page = await t.http().get(`/public/decisions/${fixture.companyPenalty.id}`).expect(200);
    expect(page.text).toContain('尚未签发执法记录日志的防篡改校验点');
    expect(page.text).not.toMatch(CHECKPOINT_ON_PAGE);
    const feed = await t.http().get('/api/public/penalties').expect(200);
    expect(feed.body.logCheckpoint).toEqual({ line: null, publicKey: '/api/log/checkpoints', howToVerify: expect.stringContaining('No checkpoint') });
  });
});

describe('the checkpoint on a public decision page', () => {
  let line: string;
  let cutCopy: TestDatabase;

  beforeAll(async () => {
    await t.settle();
    const signed = await signCheckpoint();
    const page = await t.http().get(`/public/decisions/${fixture.companyPenalty.id}`).expect(200);
    line = CHECKPOINT_ON_PAGE.exec(page.text)?.[1] ?? '';
    expect(line).toBe(signed);

    // The log behind the published decision cut on a copy, with its ledger entries, its checkpoints and its heads.
    cutCopy = await createTestDatabase();
    databases.push(cutCopy);
    await copySealedLog(database.url, cutCopy.url);
    await cutLogFrom(cutCopy.url, await firstPositionOf(cutCopy.url, publicationStreamId(fixture.companyPenalty.id)));
  }, 60_000);

  it('is printed with how to check it on every public page and in every public feed', async () => {
    expect(line).toMatch(/^casetrail-checkpoint\/1 #1 entries=\d+ head=[0-9a-f]{64} at=\S+ key=[0-9a-f]{16} sig=[\w-]+$/);
    for (const url of ['/public/', `/public/decisions/${fixture.personLicensing.id}`, '/public/bulletins', '/public/bulletins/2026-03']) {
      const page = await t.http().get(url).expect(200);
      expect({ url, line: CHECKPOINT_ON_PAGE.exec(page.text)?.[1] }).toEqual({ url, line });
      expect(page.text).toContain('/api/log/checkpoints');
      expect(page.text).toContain('casetrail verify --checkpoint');
    }
    for (const url of ['/api/public/penalties', '/api/public/licensing', '/api/public/bulletins/2026-03']) {
      const feed = await t.http().get(url).expect(200);
      expect({ url, notice: feed.body.logCheckpoint }).toEqual({
        url,
        notice: { line, publicKey: '/api/log/checkpoints', howToVerify: expect.stringContaining(`casetrail verify --checkpoint '${line}'`) },
      });
    }
    const { body } = await t.http().get('/api/log/checkpoints').expect(200);
    expect(body.items.map((item: { line: string }) => item.line)).toEqual([line]);
  });

  it('holds against the log as it is', async () => {
    const verified = await cli(['verify', '--checkpoint', line], database.url);
    expect(verified.stdout).toMatch(/every chain holds; .* 2 checkpoints hold/);
    expect(verified.code).toBe(0);
  });

  it('proves the cut that nothing inside the database shows', async () => {
    const publicKey = createPublicKey(readFileSync(env.CHECKPOINT_KEY_FILE, 'utf8'));
    const inside = await verifyLog(cutCopy.url, { publicKey });
    expect(inside.ok).toBe(true);
    const withLine = await verifyLog(cutCopy.url, { publicKey, held: [{ line, source: 'held' }] });
    expect(withLine.ok).toBe(false);
    expect(withLine.checkpoints).toEqual([
      expect.objectContaining({ source: 'held', ok: false, reason: expect.stringMatching(/^checkpoint #1 sealed \d+ entries; the ledger holds \d+: the log was cut/) }),
    ]);

    const withoutLine = await cli(['verify'], cutCopy.url);
    expect(withoutLine.stdout).toMatch(/every chain holds/);
    expect(withoutLine.code).toBe(0);
    const fromPage = await cli(['verify', '--checkpoint', line], cutCopy.url);
    expect(fromPage.stdout).toMatch(/CHECKPOINT held #1: checkpoint #1 sealed \d+ entries; the ledger holds \d+: the log was cut/);
    expect(fromPage.code).toBe(1);
  });
});

describe('the checkpoint in an export of the event log', () => {
  it('is carried in the header, and the file still imports, as do files written before it', async () => {
    const line = await signCheckpoint();
    const file = path.join(keys, 'events.ndjson');
    const exported = await cli(['export', '--out', file], database.url);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(`log checkpoint (in the header; keep it to check the log later): ${line}`);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(header).toMatchObject({ format: 'casetrail-event-log', formatVersion: 1, checkpoint: line });
    const [{ count }] = (await superuser(database.url, async (client) => (await client.query<{ count: number }>('SELECT count(*)::int AS count FROM events')).rows)) as [
      { count: number },
    ];
    expect(lines.filter((text) => text.includes('"kind":"event"'))).toHaveLength(count);

    const { checkpoint: _checkpoint, ...olderHeader } = header;
    const older = path.join(keys, 'events-before-checkpoints.ndjson');
    writeFileSync(older, `${[JSON.stringify(olderHeader), ...lines.slice(1)].join('\n')}\n`);
    for (const each of [file, older]) {
      const target = await createTestDatabase();
      databases.push(target);
      const imported = await cli(['import', each], target.url);
      expect({ each, code: imported.code, out: imported.stdout }).toEqual({ each, code: 0, out: expect.stringContaining('every chain holds') });
    }
  }, 60_000);
});
