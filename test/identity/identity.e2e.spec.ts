import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestApp, startTestApp } from '../support/app.js';

let t: TestApp;
let admin: string;
let districtAdmin: string;

const DAZU = {
  name: '重庆市大足区应急管理局',
  shortName: '区应急管理局',
  creditCode: '11500111009294712Y',
  powers: ['confiscation', 'production_suspension'],
};
const TRAFFIC = {
  name: '重庆市大足区公安局交通巡逻警察支队',
  shortName: '区公安交巡警支队',
  creditCode: '91500000202803370T',
  powers: ['detention', 'licence_suspension'],
};
const certificate = { number: '渝执500111001', validFrom: '2025-01-01', validUntil: '2027-12-31' };

beforeAll(async () => {
  t = await startTestApp();
  admin = t.token({ sub: 'admin-dazu', agency: 'dazu-emb', roles: ['admin'] });
  districtAdmin = t.token({ sub: 'admin-district', agency: 'dazu-district', roles: ['admin', 'district'] });
  await t.http().put('/api/agencies/dazu-emb').auth(districtAdmin, { type: 'bearer' }).send(DAZU).expect(201);
  await t.http().put('/api/agencies/dazu-traffic').auth(districtAdmin, { type: 'bearer' }).send(TRAFFIC).expect(201);
});
afterAll(async () => {
  await t.close();
});

const registerOfficer = (token: string, body: Record<string, unknown>) =>
  t.http().post('/api/officers').auth(token, { type: 'bearer' }).send(body);

describe('agencies', () => {
  it('are read back from their stream with an ETag, and PUT of the same details changes nothing', async () => {
    const read = await t.http().get('/api/agencies/dazu-emb').auth(admin, { type: 'bearer' }).expect(200);
    expect(read.body).toEqual({ agencyId: 'dazu-emb', ...DAZU, version: 1 });
    expect(read.headers.etag).toBe('"1"');
    const again = await t.http().put('/api/agencies/dazu-emb').auth(districtAdmin, { type: 'bearer' }).send(DAZU).expect(200);
    expect(again.body).toEqual({ agencyId: 'dazu-emb', version: 1 });
  });

  it('record changed details, refusing a stale If-Match with 412', async () => {
    const changed = { ...TRAFFIC, shortName: '交巡警支队' };
    await t
      .http()
      .put('/api/agencies/dazu-traffic')
      .auth(districtAdmin, { type: 'bearer' })
      .set('If-Match', '"1"')
      .send(changed)
      .expect(200, { agencyId: 'dazu-traffic', version: 2 });
    const stale = await t
      .http()
      .put('/api/agencies/dazu-traffic')
      .auth(districtAdmin, { type: 'bearer' })
      .set('If-Match', '"1"')
      .send(TRAFFIC)
      .expect(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(stale.body).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED', currentVersion: 2 });
  });

  it('may be put by an agency administrator only for their own agency', async () => {
    const other = await t.http().put('/api/agencies/dazu-traffic').auth(admin, { type: 'bearer' }).send(TRAFFIC).expect(403);
    expect(other.body).toMatchObject({ code: 'OTHER_AGENCY' });
  });

  it('refuse an invalid credit code with a field error', async () => {
    const response = await t
      .http()
      .put('/api/agencies/new-agency')
      .auth(districtAdmin, { type: 'bearer' })
      .send({ ...DAZU, creditCode: '11500111009294712K' })
      .expect(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'creditCode', messages: [expect.stringContaining('check character')] }],
    });
  });

  it('are listed from the read model', async () => {
    await t.settle();
    const list = await t.http().get('/api/agencies').auth(admin, { type: 'bearer' }).expect(200);
    expect(list.body.items.map((a: { agencyId: string }) => a.agencyId)).toEqual(['dazu-emb', 'dazu-traffic']);
  });
});

describe('officers', () => {
  it('are registered by an administrator and read back with their certificate', async () => {
    const created = await registerOfficer(admin, {
      name: '张伟',
      agency: 'dazu-emb',
      roles: ['officer'],
      certificate,
    }).expect(201);
    expect(created.body).toEqual({ officerId: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 });
    expect(created.headers.location).toBe(`/api/officers/${created.body.officerId}`);

    const officerToken = t.token({ sub: created.body.officerId, agency: 'dazu-emb', roles: ['officer'] });
    const read = await t.http().get(`/api/officers/${created.body.officerId}`).auth(officerToken, { type: 'bearer' }).expect(200);
    expect(read.body).toEqual({
      officerId: created.body.officerId,
      name: '张伟',
      agencyId: 'dazu-emb',
      roles: ['officer'],
      certificate: { ...certificate, revokedOn: null },
      version: 1,
    });
  });

  it('have certificates renewed and revoked, and the list filters on validity', async () => {
    const { body } = await registerOfficer(admin, {
      name: '李娜',
      agency: 'dazu-emb',
      roles: ['officer', 'head'],
      certificate,
    }).expect(201);
    const id = body.officerId as string;
    await t
      .http()
      .post(`/api/officers/${id}/certificate-revocation`)
      .auth(admin, { type: 'bearer' })
      .send({ revokedOn: '2026-05-01', reason: '调离执法岗位' })
      .expect(200, { version: 2 });
    const again = await t
      .http()
      .post(`/api/officers/${id}/certificate-revocation`)
      .auth(admin, { type: 'bearer' })
      .send({ revokedOn: '2026-05-02', reason: 'again' })
      .expect(409);
    expect(again.body.code).toBe('CERTIFICATE_ALREADY_REVOKED');

    await t.settle();
    const certified = await t.http().get('/api/officers?certifiedOn=2026-06-01').auth(admin, { type: 'bearer' }).expect(200);
    expect(certified.body.items.map((o: { officerId: string }) => o.officerId)).not.toContain(id);

    const renewed = { number: '渝执500111002', validFrom: '2026-06-01', validUntil: '2029-05-31' };
    await t
      .http()
      .post(`/api/officers/${id}/certificate-renewals`)
      .auth(admin, { type: 'bearer' })
      .set('If-Match', '"2"')
      .send(renewed)
      .expect(200, { version: 3 });
    await t.settle();
    const after = await t.http().get('/api/officers?certifiedOn=2026-06-01&role=head').auth(admin, { type: 'bearer' }).expect(200);
    expect(after.body.items).toEqual([
      expect.objectContaining({ officerId: id, certificate: { ...renewed, revokedOn: null }, version: 3 }),
    ]);
  });

  it('cannot be registered in an agency that does not exist', async () => {
    const response = await registerOfficer(districtAdmin, {
      name: '王强',
      agency: 'nowhere',
      roles: ['officer'],
      certificate,
    }).expect(404);
    expect(response.body.code).toBe('AGENCY_NOT_FOUND');
  });

  it('of another agency are not found, and are not listed', async () => {
    const { body } = await registerOfficer(districtAdmin, {
      name: '赵敏',
      agency: 'dazu-traffic',
      roles: ['officer'],
      certificate,
    }).expect(201);
    const notFound = await t.http().get(`/api/officers/${body.officerId}`).auth(admin, { type: 'bearer' }).expect(404);
    expect(notFound.body).toMatchObject({ code: 'OFFICER_NOT_FOUND', status: 404 });
    await t
      .http()
      .post(`/api/officers/${body.officerId}/certificate-revocation`)
      .auth(admin, { type: 'bearer' })
      .send({ revokedOn: '2026-05-02', reason: 'not mine' })
      .expect(404);
    await t.settle();
    const list = await t.http().get('/api/officers').auth(admin, { type: 'bearer' }).expect(200);
    expect(list.body.items.every((o: { agencyId: string }) => o.agencyId === 'dazu-emb')).toBe(true);
    const districtList = await t.http().get('/api/officers?agency=dazu-traffic').auth(districtAdmin, { type: 'bearer' }).expect(200);
    expect(districtList.body.items.map((o: { officerId: string }) => o.officerId)).toContain(body.officerId);
  });

  it('report every invalid field of a registration at once, and append nothing', async () => {
    const response = await registerOfficer(admin, {
      name: '',
      agency: 'dazu-emb',
      roles: ['officer', 'sheriff'],
      certificate: { number: 'x', validFrom: '2025-02-30', validUntil: '2027-12-31' },
      extra: true,
    }).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['certificate.validFrom', 'extra', 'name', 'roles'].sort(),
    );
    const [{ count }] = await t.app
      .get((await import('typeorm')).DataSource)
      .query(`SELECT count(*)::int AS count FROM events WHERE data->>'name' = ''`);
    expect(count).toBe(0);
  });
});

describe('authentication and roles', () => {
  it('refuses a request without a token or with a token signed by another key with 401', async () => {
    const none = await t.http().get('/api/officers').expect(401);
    expect(none.body).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    const { issueToken } = await import('../../src/identity/auth/token-issuer.js');
    const forged = issueToken({ sub: 'x', name: 'x', agency: 'dazu-emb', roles: ['admin'] }, 'another-secret-of-sufficient-length!!');
    await t.http().get('/api/officers').auth(forged, { type: 'bearer' }).expect(401);
  });

  it('refuses an unsigned token and a token with an unknown role', async () => {
    const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'x', name: 'x', agency: 'dazu-emb', roles: ['admin'] })}.`;
    await t.http().get('/api/officers').auth(unsigned, { type: 'bearer' }).expect(401);
    const { issueToken } = await import('../../src/identity/auth/token-issuer.js');
    const { TEST_JWT_SECRET } = await import('../support/app.js');
    const sheriff = issueToken(
      { sub: 'x', name: 'x', agency: 'dazu-emb', roles: ['sheriff' as 'admin'] },
      TEST_JWT_SECRET,
    );
    await t.http().get('/api/officers').auth(sheriff, { type: 'bearer' }).expect(401);
  });

  it('refuses a route to a caller without its role with 403', async () => {
    const officer = t.token({ roles: ['officer'] });
    const response = await registerOfficer(officer, { name: '张伟', agency: 'dazu-emb', roles: ['officer'], certificate }).expect(403);
    expect(response.body).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });
});
