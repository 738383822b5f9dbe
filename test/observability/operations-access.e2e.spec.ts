import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestApp, startTestApp } from '../support/app.js';
import { withAdminClient } from '../support/database.js';
import { eventually } from '../support/eventually.js';

/** Who may see the metrics and the queue dashboard, and how readiness reports a backing service that is down. */

const METRICS_TOKEN = 'metrics-scraper-token-0123456789';
let t: TestApp;
let admin: string;
let officer: string;

beforeAll(async () => {
  t = await startTestApp({ env: { METRICS_TOKEN } });
  admin = t.token({ sub: 'admin-1', agency: 'dazu-emb', roles: ['admin'] });
  officer = t.token({ sub: 'officer-1', agency: 'dazu-emb', roles: ['officer', 'head'] });
});

afterAll(async () => {
  await t?.close();
});

const isProblem = (status: number, code: string) => (response: { status: number; headers: Record<string, string>; body: unknown }) => {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, code });
};

function sessionCookie(setCookie: string | string[] | undefined): string {
  const header = [setCookie ?? []].flat().find((cookie) => cookie.startsWith('casetrail_queues='));
  if (!header) throw new Error('no session cookie was set');
  return header;
}

describe('GET /metrics with METRICS_TOKEN set', () => {
  it('needs the token as a bearer: 401 problem+json without it or with another, the figures with it', async () => {
    const missing = await t.http().get('/metrics');
    isProblem(401, 'UNAUTHENTICATED')(missing);
    expect(missing.headers['www-authenticate']).toContain('Bearer');
    isProblem(401, 'UNAUTHENTICATED')(await t.http().get('/metrics').auth('not-the-metrics-token-at-all', { type: 'bearer' }));
    // An admin's API token is not the scraper's token.
    isProblem(401, 'UNAUTHENTICATED')(await t.http().get('/metrics').auth(admin, { type: 'bearer' }));
    const scraped = await t.http().get('/metrics').auth(METRICS_TOKEN, { type: 'bearer' }).expect(200);
    expect(scraped.text).toContain('casetrail_projection_lag_events');
  });
});

describe('the queue dashboard at /admin/queues', () => {
  it('answers 401 without a token and 403 to a token without the admin role, as problem+json', async () => {
    isProblem(401, 'UNAUTHENTICATED')(await t.http().get('/admin/queues'));
    isProblem(401, 'UNAUTHENTICATED')(await t.http().get('/admin/queues/api/queues'));
    isProblem(401, 'UNAUTHENTICATED')(await t.http().get('/admin/queues').auth('a.b.c', { type: 'bearer' }));
    isProblem(403, 'FORBIDDEN')(await t.http().get('/admin/queues').auth(officer, { type: 'bearer' }));
    isProblem(403, 'FORBIDDEN')(await t.http().get('/admin/queues/api/queues').auth(officer, { type: 'bearer' }));
  });

  it("serves the dashboard and its API, with every queue, to an admin's bearer token", async () => {
    const page = await t.http().get('/admin/queues').auth(admin, { type: 'bearer' }).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    const queues = await t.http().get('/admin/queues/api/queues').auth(admin, { type: 'bearer' }).expect(200);
    const names = (queues.body as { queues: { name: string }[] }).queues.map((queue) => queue.name);
    expect(names).toEqual(expect.arrayContaining(['deadlines', 'bulletins']));
  });

  it('lets a browser log in once with the token and go on with a short-lived, HttpOnly, SameSite session cookie', async () => {
    const form = await t.http().get('/admin/queues/login').expect(200);
    expect(form.text).toContain('<form method="post" action="/admin/queues/login">');

    isProblem(403, 'FORBIDDEN')(await t.http().post('/admin/queues/login').type('form').send({ token: officer }));
    isProblem(401, 'UNAUTHENTICATED')(await t.http().post('/admin/queues/login').type('form').send({ token: 'nonsense' }));

    const login = await t.http().post('/admin/queues/login').type('form').send({ token: admin }).expect(303);
    expect(login.headers.location).toBe('/admin/queues/');
    const cookie = sessionCookie(login.headers['set-cookie']);
    expect(cookie).toMatch(/; Path=\/admin\/queues; Max-Age=(\d+); HttpOnly; SameSite=Strict/);
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeLessThanOrEqual(15 * 60);
    const session = cookie.split(';')[0] as string;

    const queues = await t.http().get('/admin/queues/api/queues').set('Cookie', session).expect(200);
    expect((queues.body as { queues: unknown[] }).queues.length).toBeGreaterThanOrEqual(2);

    // The session is the dashboard's only: the API does not take it as a token, from a cookie or as a bearer.
    const value = session.slice('casetrail_queues='.length);
    isProblem(401, 'UNAUTHENTICATED')(await t.http().get('/api/officers').set('Cookie', session));
    isProblem(401, 'UNAUTHENTICATED')(await t.http().get('/api/officers').auth(value, { type: 'bearer' }));
    // A session altered by hand is no session.
    const [header, payload] = value.split('.');
    isProblem(401, 'UNAUTHENTICATED')(await t.http().get('/admin/queues/api/queues').set('Cookie', `casetrail_queues=${header}.${payload}.forged`));

    // The token may also come as a bearer header (scripts); logging out clears the cookie.
    const scripted = await t.http().post('/admin/queues/login').auth(admin, { type: 'bearer' }).expect(303);
    sessionCookie(scripted.headers['set-cookie']);
    const logout = await t.http().post('/admin/queues/logout').set('Cookie', session).expect(204);
    expect(sessionCookie(logout.headers['set-cookie'])).toContain('Max-Age=0');
  });
});

describe('health', () => {
  it('reports liveness, and readiness with PostgreSQL, the queue backend, projection lag and the reconciler', async () => {
    await t.http().get('/api/health/live').expect(200, { status: 'ok' });
    await t.settle();
    // The reconciler's first run starts with the app and may still be going.
    const ready = await eventually(
      () => t.http().get('/api/health').expect(200),
      (health) => health.body.deadlineReconciler.lastRunAt !== null,
      { timeoutMs: 5_000, what: 'the reconciler to have run' },
    );
    expect(ready.body).toMatchObject({
      status: 'ok',
      postgres: 'up',
      redis: 'up',
      projections: expect.arrayContaining([expect.objectContaining({ name: 'deadlines', state: 'active', lag: 0, lastError: null })]),
      deadlineReconciler: expect.objectContaining({ pendingDeadlines: 0 }),
    });
    expect(ready.body.deadlineReconciler.lastRunAt).toEqual(expect.any(String));
  });

  it('answers 503 for readiness, but 200 for liveness, while PostgreSQL refuses connections, and recovers', async () => {
    const refuse = async (refused: boolean): Promise<void> => {
      await withAdminClient(async (client) => {
        await client.query(`ALTER DATABASE ${t.database.name} ALLOW_CONNECTIONS ${refused ? 'false' : 'true'}`);
        if (refused) await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [t.database.name]);
      });
    };
    await refuse(true);
    try {
      await t.http().get('/api/health/live').expect(200, { status: 'ok' });
      const ready = await t.http().get('/api/health').expect(503);
      expect(ready.body).toMatchObject({ status: 'unavailable', postgres: 'down', redis: 'up' });
    } finally {
      await refuse(false);
    }
    const ready = await eventually(() => t.http().get('/api/health'), (health) => health.status === 200, {
      timeoutMs: 5_000,
      what: 'readiness to recover',
    });
    expect(ready.body).toMatchObject({ status: 'ok', postgres: 'up' });
  });
});
