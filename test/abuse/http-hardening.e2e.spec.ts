import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ControlledClock } from '../../src/shared/clock.js';
import { ConfigError, loadConfig } from '../../src/shared/config/config.js';
import { type TestApp, startTestApp } from '../support/app.js';

const ALLOWED_ORIGIN = 'https://cases.example.gov.cn';
const FAILURE_LIMIT = 5;
const clock = new ControlledClock(new Date('2026-03-02T10:00:00+08:00'));

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await startTestApp({ clock, env: { CORS_ORIGINS: ALLOWED_ORIGIN, AUTH_FAILURE_LIMIT: String(FAILURE_LIMIT) } });
  token = t.token({ roles: ['officer'] });
});
afterAll(async () => {
  await t.close();
});

const API_POLICY = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";

function expectHardened(headers: Record<string, string | undefined>): void {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  expect(headers['x-powered-by']).toBeUndefined();
}

describe('security headers', () => {
  it('are on every API answer, success or problem, with a policy that lets nothing render or frame it', async () => {
    const answers = await Promise.all([
      t.http().get('/api/health/live').expect(200),
      t.http().get('/api/cases').auth(token, { type: 'bearer' }).expect(200),
      t.http().get('/api/cases').expect(401),
      t.http().get('/api/no-such-route').expect(404),
      t.http().post('/api/cases').auth(token, { type: 'bearer' }).set('Content-Type', 'application/json').send('{').expect(400),
      t.http().post('/api/cases').auth(token, { type: 'bearer' }).send({ x: 'y'.repeat(300_000) }).expect(413),
    ]);
    for (const answer of answers) {
      expectHardened(answer.headers);
      expect(answer.headers['content-security-policy']).toBe(API_POLICY);
    }
  });

  it('leave the public pages their own policy, which allows their inline style by hash and nothing else', async () => {
    const page = await t.http().get('/public/').expect(200);
    expectHardened(page.headers);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[\w+/=]+'/);
  });

  it("give the API documentation a policy that runs its own scripts and no one else's", async () => {
    const docs = await t.http().get('/api/docs/').expect(200);
    expectHardened(docs.headers);
    const policy = docs.headers['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

describe('CORS', () => {
  it('answers a preflight from a configured origin, naming the headers a client may send and read', async () => {
    const preflight = await t
      .http()
      .options('/api/cases')
      .set('Origin', ALLOWED_ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    const call = await t.http().get('/api/cases').set('Origin', ALLOWED_ORIGIN).auth(token, { type: 'bearer' }).expect(200);
    expect(call.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(call.headers['access-control-expose-headers']).toMatch(/ETag/);
  });

  it('grants nothing to any other origin, including look-alikes of the configured one', async () => {
    for (const origin of ['https://evil.example.com', `${ALLOWED_ORIGIN}.evil.com`, 'http://cases.example.gov.cn', 'null']) {
      const preflight = await t.http().options('/api/cases').set('Origin', origin).set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const call = await t.http().get('/api/cases').set('Origin', origin).auth(token, { type: 'bearer' }).expect(200);
      expect(call.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('is off without CORS_ORIGINS, and CORS_ORIGINS takes exact origins only', async () => {
    const plain = await startTestApp();
    try {
      const call = await plain.http().get('/api/health/live').set('Origin', ALLOWED_ORIGIN).expect(200);
      expect(call.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await plain.close();
    }
    for (const bad of ['*', 'https://*.example.com', 'https://cases.example.gov.cn/', 'cases.example.gov.cn', 'ftp://x.cn']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(ConfigError);
    }
    expect(loadConfig({ CORS_ORIGINS: `${ALLOWED_ORIGIN}, http://127.0.0.1:5173` }).corsOrigins).toEqual([
      ALLOWED_ORIGIN,
      'http://127.0.0.1:5173',
    ]);
  });
});

describe('failed authentication', () => {
  it(`is limited to ${FAILURE_LIMIT} per address and minute: then 429 with Retry-After, for any token, until the minute is over`, async () => {
    // Calls without any token are not attempts at one: they do not count.
    for (let i = 0; i < FAILURE_LIMIT * 3; i++) await t.http().get('/api/cases').expect(401);
    await t.http().get('/api/cases').auth(token, { type: 'bearer' }).expect(200);

    for (let i = 0; i < FAILURE_LIMIT; i++) {
      await t.http().get('/api/cases').auth(`${token}x`, { type: 'bearer' }).expect(401);
    }
    const limited = await t.http().get('/api/cases').auth(`${token}x`, { type: 'bearer' }).expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Guessing must not go on behind the 429: a valid token from the address waits as well.
    await t.http().get('/api/cases').auth(token, { type: 'bearer' }).expect(429);
    // Public routes stay open.
    await t.http().get('/api/health/live').expect(200);

    clock.set(new Date(clock.now().getTime() + 61_000));
    await t.http().get('/api/cases').auth(token, { type: 'bearer' }).expect(200);
    await t.http().get('/api/cases').auth(`${token}x`, { type: 'bearer' }).expect(401);
  });
});
