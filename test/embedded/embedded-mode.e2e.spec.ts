import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Job, createPostgresBackend, withBackend } from 'bullmq';
import request from 'supertest';
import { issueToken } from '../../src/identity/auth/token-issuer.js';
import { TEST_JWT_SECRET } from '../support/app.js';
import { type HttpApp, type Staff, openCase, setUpAgency, fileCase, submitLegalReview } from '../support/cases.js';
import { eventually } from '../support/eventually.js';

/**
 * `npm start` with neither DATABASE_URL nor REDIS_URL: the built server runs as a process of its own on the
 * embedded PostgreSQL (PGlite in a child process), with its queues on BullMQ's PostgreSQL backend in that database.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
/** A build of its own: other builds of the working tree (npm start, the bench) are left alone. */
const BUILD = path.join(ROOT, 'dist', 'embedded-e2e');
const MAIN = path.join(BUILD, 'src', 'main.js');
const SUBMITTED = '2026-03-04T10:00:00+08:00';

interface Server {
  readonly process: ChildProcess;
  readonly url: string;
  readonly databaseUrl: string;
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/**
 * A port found free may be taken before the server binds it, by another test or by the embedded database's own
 * socket (the OS hands it out again): then the server exits with EADDRINUSE, and it is started again on another.
 */
async function start(dataDir: string): Promise<Server> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOn(dataDir, await freePort());
    } catch (error) {
      if (attempt >= 3 || !/EADDRINUSE/.test(String(error))) throw error;
    }
  }
}

async function startOn(dataDir: string, port: number): Promise<Server> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), CASETRAIL_DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', DEADLINE_BACKFILL_GRACE_MS: '500' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await eventually(
    async () => {
      if (child.exitCode !== null) {
        // Its embedded database notices the exit and lets the data directory go; wait for that before another try.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        throw new Error(`the server exited while starting:\n${output}`);
      }
      return output;
    },
    (text) => /casetrail listening/.test(text) && /^database: (\S+)/m.test(text),
    { timeoutMs: 120_000, intervalMs: 100, what: 'the server to start' },
  );
  const databaseUrl = /^database: (\S+)/m.exec(output)?.[1] ?? '';
  return { process: child, url: `http://127.0.0.1:${port}`, databaseUrl, output: () => output, exited };
}

async function stop(server: Server): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  server.process.kill('SIGTERM');
  return server.exited;
}

function over(server: Server): HttpApp {
  return {
    http: () => request(server.url),
    token: ({ sub = 'user-1', name = '测试用户', agency = 'dazu-emb', roles }) => issueToken({ sub, name, agency, roles }, TEST_JWT_SECRET),
  };
}

/** The embedded server polls and serializes queries: it is given longer. */
const eventuallyEmbedded = <T>(probe: () => Promise<T>, accept: (value: T) => boolean): Promise<T> =>
  eventually(probe, accept, { timeoutMs: 30_000, intervalMs: 100 });

type CaseRow = { caseId: string; hazards: number };
const caseRow = async (t: HttpApp, staff: Staff, caseId: string): Promise<CaseRow | undefined> =>
  ((await t.http().get('/api/cases').auth(staff.officerA.token, { type: 'bearer' }).expect(200)).body.items as CaseRow[]).find(
    (row) => row.caseId === caseId,
  );
type AlertRow = { stage: string; deadlineId: string };
const alerts = async (t: HttpApp, token: string): Promise<AlertRow[]> =>
  (await t.http().get('/api/alerts').auth(token, { type: 'bearer' }).expect(200)).body.items as AlertRow[];

/** The state of a deadline job, read through BullMQ's API from the queue in the embedded database. */
async function jobState(databaseUrl: string, jobId: string): Promise<string | undefined> {
  const { Queue } = withBackend(createPostgresBackend);
  const queue = new Queue('deadlines', { connection: { connectionString: databaseUrl, max: 1 } });
  try {
    const job = (await queue.getJob(jobId)) as Job | undefined;
    return job ? await job.getState() : undefined;
  } finally {
    await queue.close();
  }
}

let dataDir: string;
let server: Server | null = null;

beforeAll(async () => {
  rmSync(BUILD, { recursive: true, force: true });
  // Type errors are `npm run check`'s business; this only needs the emitted JavaScript.
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', BUILD, '--incremental', 'false'], {
    cwd: ROOT,
  }).catch(() => undefined);
  expect(existsSync(MAIN)).toBe(true);
  dataDir = mkdtempSync(path.join(tmpdir(), 'casetrail-embedded-'));
}, 300_000);

afterAll(async () => {
  if (server && server.process.exitCode === null) await stop(server);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  rmSync(BUILD, { recursive: true, force: true });
}, 60_000);

describe('embedded mode (no DATABASE_URL, no REDIS_URL)', () => {
  let staff: Staff;
  let caseId: string;
  let reviewId: string;

  it('starts on PGlite with the queues in PostgreSQL and says so', async () => {
    server = await start(dataDir);
    expect(server.output()).toMatch(/mode: embedded .*PGlite.*data in /);
    expect(server.output()).toMatch(/not for production/);
    expect(server.output()).toMatch(/queues: BullMQ's PostgreSQL backend/);
    const health = await request(server.url).get('/api/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', postgres: 'up', queueBackend: 'postgres', redis: 'unused' });
    expect(existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
  }, 180_000);

  it('records cases, catches its projections up by polling, and fires deadline jobs from the PostgreSQL queue', async () => {
    const t = over(server!);
    staff = await setUpAgency(t);
    caseId = await openCase(t, staff);
    await t.http().post(`/api/cases/${caseId}/hazards`).auth(staff.officerA.token, { type: 'bearer' }).send({
      occurredAt: '2026-03-02T09:30:00+08:00',
      description: '二楼消防通道被杂物堵塞',
      severity: 'general',
      legalBasis: '《安全生产法》第四十一条',
    }).expect(201);
    expect(await eventuallyEmbedded(() => caseRow(t, staff, caseId), (row) => row?.hazards === 1)).toMatchObject({ hazards: 1 });

    // A legal review submitted on 2026-03-04 was due on 03-13 and is recorded long after: of its three stages, all
    // past, the escalation alone fires, once the (short) back-fill grace is over.
    await fileCase(t, staff, caseId);
    reviewId = (await submitLegalReview(t, staff, caseId, { occurredAt: SUBMITTED })).reviewId;

    const forHead = await eventuallyEmbedded(() => alerts(t, staff.head.token), (items) => items.length === 1);
    expect(forHead.map((a) => a.stage)).toEqual(['overdue']);
    expect(await alerts(t, staff.reviewer.token)).toEqual([]);
    expect(await eventuallyEmbedded(() => jobState(server!.databaseUrl, `review-due.${reviewId}.r1.overdue`), (state) => state === 'completed')).toBe(
      'completed',
    );
    expect(await jobState(server!.databaseUrl, `review-due.${reviewId}.r1.reminder`)).toBeUndefined();
  }, 120_000);

  it('stops cleanly on SIGTERM, embedded database included', async () => {
    const exit = await stop(server!);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server!.output()).toMatch(/casetrail stopped/);
    expect(server!.output()).not.toMatch(/error|failed/i);
    // The embedded database released its data directory.
    expect(existsSync(path.join(dataDir, 'casetrail.pid'))).toBe(false);
  }, 60_000);

  it('finds its data again after a restart on the same directory, and raises no alert twice', async () => {
    server = await start(dataDir);
    const t = over(server);
    expect(await eventuallyEmbedded(() => caseRow(t, staff, caseId), (row) => row !== undefined)).toMatchObject({ caseId, hazards: 1 });
    const review = await t.http().get(`/api/reviews/${reviewId}`).auth(staff.reviewer.token, { type: 'bearer' }).expect(200);
    expect(review.body).toMatchObject({ reviewId, caseId });
    // The reconciler looked at the pending deadline again at startup; its fired jobs stay fired.
    await eventuallyEmbedded(
      async () => (await request(server!.url).get('/api/health').expect(200)).body.deadlineReconciler.lastRunAt as string | null,
      (at) => at !== null,
    );
    expect(await alerts(t, staff.reviewer.token)).toHaveLength(0);
    expect(await alerts(t, staff.head.token)).toHaveLength(1);
    expect(await stop(server)).toEqual({ code: 0, signal: null });
  }, 180_000);
});
