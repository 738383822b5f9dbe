import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { issueToken } from '../../src/identity/auth/token-issuer.js';
import { buildOnce } from '../cli/run-cli.js';
import { type HttpApp, COMPANY, setUpAgency, TRAINING_VIOLATION, caseInReview } from '../support/cases.js';
import { type TestDatabase, createTestDatabase } from '../support/database.js';
import { RESULTS_DIR, recordFigures } from './results.js';
import { eventually } from '../support/eventually.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'dist/src/main.js');

/** Secrets of this run only, so that finding one in the logs can only mean the server wrote it. */
const JWT_SECRET = 'logs-jwt-secret-3f9c2e7a1b8d4f6091c5e2a7d3b8f4c1';
const WEBHOOK_SECRET = 'logs-webhook-secret-8e1d4c7b2a9f3e6d';
const METRICS_TOKEN = 'logs-metrics-token-5a2c8e1f7b4d9036';

/** Takes any POST and remembers it: the alert webhook and the credit platform both deliver here. */
class Receiver {
  readonly received: { path: string; headers: Record<string, unknown> }[] = [];
  private readonly server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      this.received.push({ path: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"receipt":"ok"}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until `probe` holds, at most `timeoutMs`. */
const seen = async (probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> => {
  await eventually(probe, Boolean, { timeoutMs, intervalMs: 100, what: `never saw ${what}:` });
};

let database: TestDatabase;
let receiver: Receiver;
let server: ChildProcess | null = null;
let logs = '';
let base = '';

beforeAll(async () => {
  await buildOnce();
  database = await createTestDatabase();
  receiver = new Receiver();
  const hooks = await receiver.start();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      DATABASE_URL: database.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: database.name,
      MIGRATIONS_RUN: 'false',
      JWT_SECRET,
      LOG_LEVEL: 'debug',
      ALERT_WEBHOOK_URL: `${hooks}/alerts`,
      ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      CREDIT_PLATFORM_URL: `${hooks}/credit`,
      METRICS_TOKEN,
      PROJECTION_POLL_MS: '200',
      // The review below is recorded long after its deadline: its escalation goes out without the back-fill grace.
      DEADLINE_BACKFILL_GRACE_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  await seen(() => /casetrail listening/.test(logs) || server?.exitCode !== null, 'the server start', 120_000);
  if (server.exitCode !== null) throw new Error(`the server exited:\n${logs}`);
}, 240_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await receiver?.close();
  await database?.drop();
});

describe('the logs of a full run at debug level', () => {
  it('hold no secret and no credential: not the JWT, webhook or metrics secret, no bearer token, no session cookie', async () => {
    const tokens: string[] = [];
    const app: HttpApp = {
      http: () => request(base),
      token: ({ sub = 'user-1', name = '测试用户', agency = 'dazu-emb', roles }) => {
        const token = issueToken({ sub, name, agency, roles }, JWT_SECRET);
        tokens.push(token);
        return token;
      },
    };
    const staff = await setUpAgency(app);
    const officer = staff.officerA.token;

    // A review submitted long before now: its deadlines have passed, so its alerts go out through the webhook.
    await caseInReview(app, staff, { filing: { violations: [TRAINING_VIOLATION] } });
    // A published licensing decision goes to the credit platform.
    const licensing = await app.http().post('/api/licensing-decisions').auth(officer, { type: 'bearer' }).send({
      occurredAt: '2026-03-09T10:00:00+08:00',
      party: COMPANY,
      licence: '危险化学品经营许可证（乙种）',
      outcome: 'granted',
      decisionNumber: '渝大足应急许〔2026〕15号',
    }).expect(201);
    const licensingId = licensing.body.licensingId as string;
    await seen(async () => (await app.http().post(`/api/publications/${licensingId}/publish`).auth(officer, { type: 'bearer' })
      .send({ occurredAt: '2026-03-10T09:00:00+08:00' })).status === 201, 'the publication prepared');

    // Refused credentials of every kind, where a careless log would print them.
    const forged = [
      jwt.sign({ sub: 'x', name: 'x', agency: 'dazu-emb', roles: ['admin'] }, 'another-secret-that-is-long-enough!!'),
      issueToken({ sub: 'x', name: 'x', agency: 'dazu-emb', roles: ['admin'] }, JWT_SECRET, -60),
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`,
    ];
    for (const token of forged) {
      await app.http().get('/api/cases').auth(token, { type: 'bearer' }).expect(401);
      await app.http().get(`/api/cases?access_token=${token}`).expect(401);
    }
    await app.http().get('/api/cases').set('Cookie', `session=${officer}`).expect(401);
    await app.http().get('/api/no-such-route').auth(officer, { type: 'bearer' }).expect(404);
    await app.http().post('/api/cases').auth(officer, { type: 'bearer' }).set('Content-Type', 'application/json').send('{"bad json').expect(400);
    await app.http().get('/metrics').auth('wrong-metrics-token-000000', { type: 'bearer' }).expect(401);
    await app.http().get('/metrics').auth(METRICS_TOKEN, { type: 'bearer' }).expect(200);
    const admin = app.token({ sub: 'admin-1', agency: 'dazu-emb', roles: ['admin'] });
    const login = await app.http().post('/admin/queues/login').type('form').send({ token: admin }).expect(303);
    const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    const session = cookie.split('=').slice(1).join('=');
    expect(session.length).toBeGreaterThan(20);
    await app.http().get('/admin/queues/api/queues').set('Cookie', cookie).expect(200);

    await seen(() => receiver.received.some((r) => r.path === '/alerts'), 'an alert delivered to the webhook');
    await seen(() => receiver.received.some((r) => r.path === '/credit'), 'a record pushed to the credit platform');

    const lines = logs.split('\n').filter((line) => line.trim() !== '');
    await writeFile(path.join(RESULTS_DIR, 'secrets-in-logs.log'), logs);
    // Every request was logged, with its headers: the place a credential would show.
    expect(lines.filter((line) => line.includes('"req":{')).length).toBeGreaterThan(20);
    const secrets: Record<string, string> = {
      'the JWT secret': JWT_SECRET,
      'the webhook secret': WEBHOOK_SECRET,
      'the metrics token': METRICS_TOKEN,
      'the dashboard session': session,
    };
    [...tokens, ...forged].forEach((token, i) => {
      secrets[`bearer token ${i}`] = token;
      const signature = token.split('.')[2];
      if (signature) secrets[`the signature of bearer token ${i}`] = signature;
    });
    const found = Object.entries(secrets)
      .filter(([, secret]) => logs.includes(secret))
      .map(([name]) => name);
    expect(found).toEqual([]);
    await recordFigures('secrets-in-logs', {
      logLines: lines.length,
      secretsSearched: Object.keys(secrets).length,
      webhookDeliveries: receiver.received.filter((r) => r.path === '/alerts').length,
      creditPushes: receiver.received.filter((r) => r.path === '/credit').length,
    });
  }, 180_000);
});
