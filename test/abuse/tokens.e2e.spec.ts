import { createHmac, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { type TestApp, TEST_JWT_SECRET, startTestApp } from '../support/app.js';
import { recordFigures } from './results.js';

let t: TestApp;

beforeAll(async () => {
  // The failure limit is tested on its own (http-hardening): here every bad token must meet the 401 itself.
  t = await startTestApp({ env: { AUTH_FAILURE_LIMIT: '0' } });
});
afterAll(async () => {
  await t.close();
});

const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = (): number => Math.floor(Date.now() / 1000);
const CLAIMS = { sub: 'officer-1', name: '张伟', agency: 'dazu-emb', roles: ['officer'] };

/** A token signed with HMAC-SHA256 over whatever header and payload it is given. */
function hs256(header: object, payload: object, secret = TEST_JWT_SECRET): string {
  const signingInput = `${b64(header)}.${b64(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

const valid = (payload: object = CLAIMS): string => hs256({ alg: 'HS256', typ: 'JWT' }, { iat: now(), exp: now() + 600, ...payload });
const without = (claim: keyof typeof CLAIMS): object => Object.fromEntries(Object.entries(CLAIMS).filter(([name]) => name !== claim));
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** Every token here must be refused with 401 on every protected route. */
const HOSTILE: Readonly<Record<string, () => string>> = {
  'alg none, no signature': () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...CLAIMS, exp: now() + 600 })}.`,
  'alg none with the signature of a valid token': () => {
    const [, payload, signature] = valid().split('.');
    return `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`;
  },
  'alg "None" in another case': () => `${b64({ alg: 'None' })}.${b64({ ...CLAIMS, exp: now() + 600 })}.`,
  'signed with another key': () => hs256({ alg: 'HS256' }, { ...CLAIMS, exp: now() + 600 }, 'another-secret-of-at-least-32-characters!'),
  'HS512 with the right key (algorithm not pinned)': () => jwt.sign(CLAIMS, TEST_JWT_SECRET, { algorithm: 'HS512', expiresIn: 600 }),
  'RS256 signed with a private key (key confusion)': () => jwt.sign(CLAIMS, privateKey, { algorithm: 'RS256', expiresIn: 600 }),
  'RS256 header over an HMAC with the secret': () => hs256({ alg: 'RS256' }, { ...CLAIMS, exp: now() + 600 }),
  'payload changed after signing': () => {
    const [header, , signature] = valid().split('.');
    return `${header}.${b64({ ...CLAIMS, roles: ['admin', 'district'], exp: now() + 600 })}.${signature}`;
  },
  expired: () => valid({ ...CLAIMS, iat: now() - 7200, exp: now() - 60 }),
  'not yet valid (nbf in the future)': () => valid({ ...CLAIMS, nbf: now() + 3600 }),
  'no sub': () => valid(without('sub')),
  'no name': () => valid(without('name')),
  'no agency': () => valid(without('agency')),
  'no roles': () => valid(without('roles')),
  'an empty role list': () => valid({ ...CLAIMS, roles: [] }),
  'a role not in the list': () => valid({ ...CLAIMS, roles: ['superuser'] }),
  'a known role beside an unknown one': () => valid({ ...CLAIMS, roles: ['officer', 'root'] }),
  'roles as a string, not a list': () => valid({ ...CLAIMS, roles: 'admin' }),
  'a role in another case': () => valid({ ...CLAIMS, roles: ['Admin'] }),
  'sub with a line break': () => valid({ ...CLAIMS, sub: 'officer-1\nX-Injected: 1' }),
  'agency with SQL in it': () => valid({ ...CLAIMS, agency: "dazu-emb' OR '1'='1" }),
  'an empty name': () => valid({ ...CLAIMS, name: '' }),
  'a payload that is a JSON string': () => hs256({ alg: 'HS256' }, 'officer' as unknown as object),
  'not a JWT at all': () => 'garbage',
  'two segments only': () => valid().split('.').slice(0, 2).join('.'),
  'four segments': () => `${valid()}.extra`,
};

/** Authorization headers that carry no usable bearer token at all. */
const MALFORMED_HEADERS: Readonly<Record<string, string>> = {
  'the scheme only': 'Bearer',
  'the scheme and a space': 'Bearer ',
  'a lower-case scheme': `bearer ${valid()}`,
  'Basic credentials': `Basic ${Buffer.from('admin:admin').toString('base64')}`,
  'two tokens': `Bearer ${valid()} ${valid()}`,
  'a token in quotes': `Bearer "${valid()}"`,
};

const ROUTES = ['/api/cases', '/api/officers', '/api/alerts'];

describe('bearer tokens', () => {
  it('lets a well-formed token through, so the refusals below are about the token', async () => {
    for (const route of ROUTES) await t.http().get(route).auth(valid(), { type: 'bearer' }).expect(200);
  });

  it.each(Object.entries(HOSTILE))('refuses a hostile token (%s) with 401 problem+json on every route', async (_, make) => {
    for (const route of ROUTES) {
      const response = await t.http().get(route).set('Authorization', `Bearer ${make()}`).expect(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it.each(Object.entries(MALFORMED_HEADERS))('refuses an Authorization header with %s: 401', async (_, header) => {
    const response = await t.http().get('/api/cases').set('Authorization', header).expect(401);
    expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('records how many hostile tokens were tried', async () => {
    await recordFigures('tokens', {
      hostileTokens: Object.keys(HOSTILE).length,
      malformedHeaders: Object.keys(MALFORMED_HEADERS).length,
      requests: Object.keys(HOSTILE).length * ROUTES.length + Object.keys(MALFORMED_HEADERS).length,
    });
  });
});
