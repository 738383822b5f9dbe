import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { type TestApp, startTestApp } from '../support/app.js';
import { COMPANY } from '../support/cases.js';
import { eventually } from '../support/eventually.js';
import { type Fixture, OTHER_AGENCY, OWN_AGENCY, buildFixture, fillPath, fixtureClock, ownIds } from './fixture.js';
import type { OpenApiDocument } from './openapi.js';
import { recordFigures } from './results.js';
import { type RegisteredRoute, inParallel, registeredRoutes, routeKey } from './routes.js';

/** Classic SQL injection strings: quotes, comments, stacked statements, unions, LIKE wildcards, casts. */
const SQL_INJECTIONS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  '" OR ""="',
  "') OR ('1'='1",
  `${OWN_AGENCY}' OR agency_id <> '`,
  `${OTHER_AGENCY}' UNION SELECT * FROM events --`,
  '1; DROP TABLE events; --',
  "'; UPDATE events SET data = '{}'; --",
  "1' AND (SELECT count(*) FROM pg_database) > 0 --",
  "'||(SELECT string_agg(datname, ',') FROM pg_database)||'",
  '%',
  '%%',
  '_',
  '\\',
  '$1',
  '::text',
  '1e999',
  '-1',
  '99999999999999999999999',
  '2026-01-01; DROP TABLE streams',
];

/** Headers the outgoing calls may carry: anything else would be one a stored value smuggled in. */
const OUTGOING_HEADERS = new Set([
  'host',
  'connection',
  'content-type',
  'content-length',
  'accept',
  'accept-language',
  'accept-encoding',
  'sec-fetch-mode',
  'user-agent',
  'x-casetrail-alert-id',
  'x-casetrail-timestamp',
  'x-signature',
  'idempotency-key',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CRLF = '\r\nX-Injected: yes\r\n\r\n';

class Receiver {
  readonly received: { path: string; headers: Record<string, string | string[] | undefined>; rawHeaders: string[] }[] = [];
  private readonly server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      this.received.push({ path: request.url ?? '', headers: request.headers, rawHeaders: request.rawHeaders });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"receipt":"ok"}');
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

let t: TestApp;
let fixture: Fixture;
let doc: OpenApiDocument;
let routes: RegisteredRoute[];
const receiver = new Receiver();

beforeAll(async () => {
  const hooks = await receiver.start();
  t = await startTestApp({
    clock: fixtureClock(),
    env: {
      ALERT_WEBHOOK_URL: `${hooks}/alerts`,
      ALERT_WEBHOOK_SECRET: 'injection-webhook-secret-0123456789',
      CREDIT_PLATFORM_URL: `${hooks}/credit`,
    },
  });
  fixture = await buildFixture(t);
  doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
  routes = registeredRoutes(t.app);
}, 120_000);
afterAll(async () => {
  await t.close();
  await receiver.close();
});

const countEvents = async (): Promise<number> =>
  ((await t.app.get(DataSource).query<{ count: number }[]>('SELECT count(*)::int AS count FROM events'))[0] as { count: number }).count;

const appendedBy = async (requestIds: readonly string[]): Promise<number> =>
  ((
    await t.app
      .get(DataSource)
      .query<{ count: number }[]>(`SELECT count(*)::int AS count FROM events WHERE metadata->>'requestId' = ANY($1)`, [requestIds])
  )[0] as { count: number }).count;

describe('SQL injection', () => {
  it('in every query filter of every route: no 5xx, nothing of the other agency shown, nothing written', async () => {
    // A caller of the other agency with every role but district: any row of OWN_AGENCY in an answer is a breach.
    const token = t.token({ sub: 'injector', agency: OTHER_AGENCY, roles: ['officer', 'reviewer', 'head', 'admin', 'auditor'] });
    const leaks = [...ownIds(fixture), `"${OWN_AGENCY}"`];
    const before = await countEvents();
    const calls: { route: RegisteredRoute; param: string; payload: string }[] = [];
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const operation = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.get as { parameters?: { in: string; name: string }[] } | undefined;
      for (const param of operation?.parameters?.filter((p) => p.in === 'query') ?? []) {
        for (const payload of SQL_INJECTIONS) calls.push({ route, param: param.name, payload });
      }
    }
    const failures: string[] = [];
    const requestIds: string[] = [];
    await inParallel(calls, 8, async ({ route, param, payload }) => {
      const requestId = `sqli-${randomUUID()}`;
      requestIds.push(requestId);
      const response = await t
        .http()
        .get(fillPath(route.path, fixture).replace(fixture.caseId, randomUUID()))
        .query({ [param]: payload })
        .auth(token, { type: 'bearer' })
        .set('X-Request-Id', requestId);
      const where = `${routeKey(route)} ?${param}=${payload}`;
      if (response.status >= 500) failures.push(`${where} answered ${response.status}`);
      const body = response.text ?? '';
      // Public routes show published records of any agency by design; the others must show none of OWN_AGENCY.
      if (response.status < 300 && !route.path.includes('/public')) {
        const leaked = leaks.filter((id) => body.includes(id));
        if (leaked.length > 0) failures.push(`${where} showed ${leaked.join(', ')}`);
      }
    });
    expect(failures).toEqual([]);
    expect(await appendedBy(requestIds)).toBe(0);
    expect(await countEvents()).toBe(before);
    await recordFigures('sql-injection-filters', { requests: calls.length, payloads: SQL_INJECTIONS.length });
  }, 180_000);

  it('in every path parameter of every route: refused with 4xx, never answered 2xx or 5xx, nothing written', async () => {
    const token = t.token({ sub: fixture.staff.head.id, agency: OWN_AGENCY, roles: ['officer', 'reviewer', 'head', 'admin', 'auditor'] });
    const before = await countEvents();
    const calls: { route: RegisteredRoute; param: string; payload: string }[] = [];
    for (const route of routes) {
      for (const [, param] of route.path.matchAll(/:(\w+)/g)) {
        for (const payload of SQL_INJECTIONS) calls.push({ route, param: param as string, payload });
      }
    }
    const failures: string[] = [];
    const requestIds: string[] = [];
    await inParallel(calls, 8, async ({ route, param, payload }) => {
      const requestId = `sqli-${randomUUID()}`;
      requestIds.push(requestId);
      const path = fillPath(route.path.replace(`:${param}`, '\u0001'), fixture).replace('\u0001', encodeURIComponent(payload));
      const http = t.http();
      const call = route.method === 'GET' ? http.get(path) : route.method === 'PUT' ? http.put(path) : http.post(path);
      const response = await call.auth(token, { type: 'bearer' }).set('X-Request-Id', requestId).send({});
      if (response.status < 400 || response.status >= 500) failures.push(`${routeKey(route)} :${param}=${payload} answered ${response.status}`);
    });
    expect(failures).toEqual([]);
    expect(await appendedBy(requestIds)).toBe(0);
    expect(await countEvents()).toBe(before);
    await recordFigures('sql-injection-paths', { requests: calls.length, payloads: SQL_INJECTIONS.length });
  }, 180_000);
});

describe('header injection', () => {
  it('echoes X-Request-Id and X-Correlation-Id only when they are plain identifiers', async () => {
    for (const hostile of ['a b', '<script>', 'x'.repeat(200), 'id;rm -rf', 'ok\tno']) {
      const response = await t.http().get('/api/health/live').set('X-Request-Id', hostile).expect(200);
      expect(response.headers['x-request-id']).toMatch(UUID);
    }
    const plain = await t.http().get('/api/health/live').set('X-Request-Id', 'client-42.a:b').expect(200);
    expect(plain.headers['x-request-id']).toBe('client-42.a:b');
  });

  it('lets no stored text into the headers of the alert webhook and the credit platform calls', async () => {
    const officer = fixture.staff.officerA.token;
    // Line breaks in every free-text field a caller controls; whatever the DTOs accept goes into records that are sent.
    const hostile = await t.http().post('/api/licensing-decisions').auth(officer, { type: 'bearer' }).send({
      occurredAt: '2026-03-11T10:00:00+08:00',
      party: { ...COMPANY, name: `重庆某公司${CRLF}`, legalRepresentative: `陈某${CRLF}` },
      licence: `危险化学品经营许可证${CRLF}`,
      outcome: 'granted',
      decisionNumber: `渝大足应急许〔2026〕16号${CRLF}`,
    });
    if (hostile.status === 201) {
      await t.settle();
      await t.http().post(`/api/publications/${hostile.body.licensingId}/publish`).auth(officer, { type: 'bearer' })
        .send({ occurredAt: '2026-03-12T09:00:00+08:00' }).expect(201);
    } else {
      expect(hostile.status).toBe(400);
    }
    await eventually(
      async () => {
        await t.settle();
        return receiver.received.map((r) => r.path);
      },
      (paths) => paths.includes('/alerts') && paths.includes('/credit'),
      { timeoutMs: 30_000, intervalMs: 100, what: 'a webhook call and a credit platform push' },
    );
    for (const call of receiver.received) {
      const names = Object.keys(call.headers);
      expect(names.filter((name) => !OUTGOING_HEADERS.has(name))).toEqual([]);
      expect(call.rawHeaders.join('\n')).not.toMatch(/X-Injected/i);
      if (call.path === '/alerts') {
        expect(call.headers['x-casetrail-alert-id']).toMatch(UUID);
        expect(call.headers['x-casetrail-timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(call.headers['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      } else {
        expect(call.headers['idempotency-key']).toMatch(UUID);
      }
    }
  }, 60_000);
});
