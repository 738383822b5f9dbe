import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { type TestApp, startTestApp } from '../support/app.js';

let t: TestApp;
let districtAdmin: string;
let db: DataSource;

const agencyBody = (shortName: string) => ({
  name: '重庆市大足区应急管理局',
  shortName,
  creditCode: '11500111009294712Y',
  powers: [],
});
const certificate = { number: '渝执500111001', validFrom: '2025-01-01', validUntil: '2027-12-31' };
const officerBody = (name: string) => ({ name, agency: 'dazu-emb', roles: ['officer'], certificate });
const eventCount = async (): Promise<number> =>
  (await db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM events'))[0]?.n ?? -1;

beforeAll(async () => {
  t = await startTestApp();
  db = t.app.get(DataSource);
  districtAdmin = t.token({ sub: 'admin-district', agency: 'dazu-district', roles: ['admin', 'district'] });
  await t.http().put('/api/agencies/dazu-emb').auth(districtAdmin, { type: 'bearer' }).send(agencyBody('区应急管理局')).expect(201);
});
afterAll(async () => {
  await t.close();
});

describe('Idempotency-Key', () => {
  it('replays the first response to a repeat and appends nothing', async () => {
    const first = await t
      .http()
      .post('/api/officers')
      .auth(districtAdmin, { type: 'bearer' })
      .set('Idempotency-Key', 'register-zhang-1')
      .send(officerBody('张伟'))
      .expect(201);
    const before = await eventCount();
    const repeat = await t
      .http()
      .post('/api/officers')
      .auth(districtAdmin, { type: 'bearer' })
      .set('Idempotency-Key', 'register-zhang-1')
      .send(officerBody('张伟'))
      .expect(201);
    expect(repeat.body).toEqual(first.body);
    expect(first.headers.etag).toBe('"1"');
    expect(repeat.headers.etag).toBe(first.headers.etag);
    expect(repeat.headers.location).toBe(first.headers.location);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(await eventCount()).toBe(before);
  });

  it('replays the status and ETag of a command answered with 200', async () => {
    const registered = await t.http().post('/api/officers').auth(districtAdmin, { type: 'bearer' }).send(officerBody('孙丽')).expect(201);
    const renewal = () =>
      t
        .http()
        .post(`/api/officers/${registered.body.officerId as string}/certificate-renewals`)
        .auth(districtAdmin, { type: 'bearer' })
        .set('Idempotency-Key', 'renew-sun-1')
        .send({ ...certificate, number: '渝执500111002' });
    const first = await renewal().expect(200);
    const repeat = await renewal().expect(200);
    expect(first.headers.etag).toBe('"2"');
    expect(repeat.headers.etag).toBe('"2"');
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toEqual(first.body);
  });

  it('refuses the same key with a different body with 422, appending nothing', async () => {
    await t
      .http()
      .post('/api/officers')
      .auth(districtAdmin, { type: 'bearer' })
      .set('Idempotency-Key', 'register-li-1')
      .send(officerBody('李娜'))
      .expect(201);
    const before = await eventCount();
    const reused = await t
      .http()
      .post('/api/officers')
      .auth(districtAdmin, { type: 'bearer' })
      .set('Idempotency-Key', 'register-li-1')
      .send(officerBody('王强'))
      .expect(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    expect(await eventCount()).toBe(before);
  });

  it('runs concurrent repeats of one key once', async () => {
    const before = await eventCount();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        t
          .http()
          .post('/api/officers')
          .auth(districtAdmin, { type: 'bearer' })
          .set('Idempotency-Key', 'register-zhao-1')
          .send(officerBody('赵敏')),
      ),
    );
    // A repeat waits for the first to commit and answers with its response: none is told to come back later.
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 8 }, () => 201));
    for (const response of responses) expect(response.body).toEqual(responses[0]?.body);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    expect(await eventCount()).toBe(before + 1);
  });

  it('forgets a key whose request failed, so the client may retry it', async () => {
    await t
      .http()
      .post('/api/officers')
      .auth(districtAdmin, { type: 'bearer' })
      .set('Idempotency-Key', 'register-fix-1')
      .send({ ...officerBody('钱进'), agency: 'nowhere' })
      .expect(404);
    await t
      .http()
      .post('/api/officers')
      .auth(districtAdmin, { type: 'bearer' })
      .set('Idempotency-Key', 'register-fix-1')
      .send(officerBody('钱进'))
      .expect(201);
  });
});

describe('concurrency', () => {
  // Four writers: with three retries each, every one of them wins within its four attempts.
  it('retries a write that lost a race when the client sent no If-Match', async () => {
    const puts = await Promise.all(
      ['A', 'B', 'C', 'D'].map((suffix) =>
        t.http().put('/api/agencies/dazu-emb').auth(districtAdmin, { type: 'bearer' }).send(agencyBody(`区应急管理局${suffix}`)),
      ),
    );
    expect(puts.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(puts.map((r) => r.body.version as number).sort()).toEqual([2, 3, 4, 5]);
  });
});

describe('errors', () => {
  it('answers malformed JSON with a 400 problem', async () => {
    const response = await t
      .http()
      .post('/api/officers')
      .auth(districtAdmin, { type: 'bearer' })
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js/);
  });

  it('refuses an oversized body with 413 before parsing it', async () => {
    const response = await t
      .http()
      .post('/api/officers')
      .auth(districtAdmin, { type: 'bearer' })
      .send({ ...officerBody('张伟'), name: 'x'.repeat(300_000) })
      .expect(413);
    expect(response.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await t.http().get('/api/nothing-here').auth(districtAdmin, { type: 'bearer' }).expect(404);
    expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('request and correlation ids', () => {
  it('carries them from the headers into the metadata of the events', async () => {
    const response = await t
      .http()
      .post('/api/officers')
      .auth(districtAdmin, { type: 'bearer' })
      .set('X-Request-Id', 'req-42')
      .set('X-Correlation-Id', 'inspection-plan-7')
      .send(officerBody('孙丽'))
      .expect(201);
    expect(response.headers['x-request-id']).toBe('req-42');
    const [event] = await db.query<{ metadata: Record<string, unknown> }[]>(
      'SELECT metadata FROM events WHERE stream_id = $1',
      [`officer-${response.body.officerId}`],
    );
    expect(event?.metadata).toMatchObject({
      requestId: 'req-42',
      correlationId: 'inspection-plan-7',
      actorId: 'admin-district',
      actorRoles: ['admin', 'district'],
      agencyId: 'dazu-emb',
    });
  });
});

describe('audit', () => {
  it('verifies a stream for an auditor of its agency, and hides it from another agency', async () => {
    const auditor = t.token({ sub: 'auditor-1', agency: 'dazu-emb', roles: ['auditor'] });
    const verified = await t.http().get('/api/streams/agency-dazu-emb/verification').auth(auditor, { type: 'bearer' }).expect(200);
    expect(verified.body).toMatchObject({ streamId: 'agency-dazu-emb', ok: true });
    const outsider = t.token({ sub: 'auditor-2', agency: 'dazu-traffic', roles: ['auditor'] });
    await t.http().get('/api/streams/agency-dazu-emb/verification').auth(outsider, { type: 'bearer' }).expect(404);
    const officer = t.token({ roles: ['officer'] });
    await t.http().get('/api/streams/agency-dazu-emb/verification').auth(officer, { type: 'bearer' }).expect(403);
  });
});

describe('operations', () => {
  it('reports readiness with PostgreSQL, Redis and projection lag, without a token', async () => {
    await t.settle();
    const response = await t.http().get('/api/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      postgres: 'up',
      redis: 'up',
      projections: expect.arrayContaining([expect.objectContaining({ name: 'identity', lag: 0, state: 'active' })]),
    });
    await t.http().get('/api/health/live').expect(200, { status: 'ok' });
  });

  it('serves the OpenAPI document', async () => {
    const response = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(response.body.paths as object)).toEqual(
      expect.arrayContaining(['/api/officers', '/api/agencies/{agencyId}', '/api/health']),
    );
  });
});
