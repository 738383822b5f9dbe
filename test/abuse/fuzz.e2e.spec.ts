import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { type TestApp, startTestApp } from '../support/app.js';
import { ACCESS } from './access-table.js';
import { type Fixture, OWN_AGENCY, buildFixture, fillPath, fixtureClock } from './fixture.js';
import { type OpenApiDocument, type Schema, bodySchema, exampleBody, resolve } from './openapi.js';
import { recordFigures } from './results.js';
import { type RegisteredRoute, registeredRoutes, routeKey } from './routes.js';

/**
 * Bodies per endpoint. CI runs a moderate number (the suite stays within about a minute on two cores);
 * FUZZ_RUNS=2000 and up for a long local run. FUZZ_SEED replays a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

let t: TestApp;
let fixture: Fixture;
let doc: OpenApiDocument;
let writeRoutes: RegisteredRoute[];
let token: string;

beforeAll(async () => {
  t = await startTestApp({ clock: fixtureClock() });
  fixture = await buildFixture(t);
  doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
  writeRoutes = registeredRoutes(t.app).filter((route) => route.method === 'POST' || route.method === 'PUT');
  // Every role of the agency, as a registered officer: the bodies meet the validation and the rules, not the guard.
  token = t.token({
    sub: fixture.staff.head.id,
    agency: OWN_AGENCY,
    roles: ['officer', 'reviewer', 'head', 'admin', 'auditor'],
  });
}, 120_000);
afterAll(async () => {
  await t.close();
});

/** Values at the edges of what JSON can say and of what the fields mean. */
const BOUNDARY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uD800',
  '\u202Eevil',
  '𠮷野家',
  'x'.repeat(10_000),
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  '"; DROP TABLE events; --',
  '../../etc/passwd',
  '%00',
  '\r\nX-Injected: 1',
  '2026-02-30',
  '2026-13-01',
  '0000-01-01',
  '9999-12-31',
  '2026-03-02T25:00:00+08:00',
  '2026-03-02T09:00:00',
  '1e999',
  'NaN',
  '00000000-0000-0000-0000-000000000000',
  randomUUID(),
  '91500111MA5U3XQ12X',
  'true',
  '__proto__',
];
const BOUNDARY_NUMBERS = [0, -0, -1, 1.5, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 5e-324];
const boundary: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  ...BOUNDARY_STRINGS,
  ...BOUNDARY_NUMBERS,
  true,
  false,
  null,
  [],
  {},
  [null],
  { __proto__: { admin: true } },
  { constructor: { prototype: { admin: true } } },
);

function plausible(schema: Schema): fc.Arbitrary<unknown> {
  const example = schema.example === undefined ? [] : [fc.constant<unknown>(schema.example)];
  const enumerated = schema.enum ? [fc.constantFrom<unknown>(...schema.enum)] : [];
  switch (schema.type) {
    case 'string':
      return fc.oneof(
        ...example,
        ...enumerated,
        fc.string(),
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, schema.format === 'date' ? 10 : 25)),
        fc.uuid(),
      );
    case 'number':
    case 'integer':
      return fc.oneof(...example, fc.integer(), fc.double(), fc.constantFrom(...BOUNDARY_NUMBERS));
    case 'boolean':
      return fc.boolean();
    default:
      return fc.oneof(...example, ...enumerated, fc.jsonValue({ maxDepth: 2 }));
  }
}

/** Bodies shaped like the DTO (its fields, any subset, nested), each field plausible, at an edge, or anything. */
function shaped(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(doc, schema);
  const anything = fc.jsonValue({ maxDepth: 2 });
  if (resolved.type === 'array' && resolved.items && depth < 4) {
    return fc.oneof(
      { arbitrary: fc.array(shaped(resolved.items, depth + 1), { maxLength: 5 }), weight: 4 },
      { arbitrary: boundary, weight: 1 },
    );
  }
  if (resolved.properties && depth < 4) {
    const model = Object.fromEntries(Object.entries(resolved.properties).map(([name, property]) => [name, shaped(property, depth + 1)]));
    return fc.oneof(
      { arbitrary: fc.record(model, { requiredKeys: [] }), weight: 6 },
      {
        arbitrary: fc
          .tuple(fc.record(model, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 12 }), anything, { maxKeys: 3 }))
          .map(([known, extra]) => ({ ...extra, ...known })),
        weight: 1,
      },
      { arbitrary: boundary, weight: 1 },
    );
  }
  return fc.oneof({ arbitrary: plausible(resolved), weight: 4 }, { arbitrary: boundary, weight: 2 }, { arbitrary: anything, weight: 1 });
}

function bodies(route: RegisteredRoute): fc.Arbitrary<unknown> {
  const schema = bodySchema(doc, route.method, route.path);
  const anything = fc.oneof(fc.jsonValue(), fc.object(), boundary);
  if (!schema) return anything;
  // One field at a time on an otherwise valid body reaches the deeper checks (the rules, the database).
  const valid = exampleBody(doc, schema, {}) as Record<string, unknown>;
  const oneFieldOff = fc
    .tuple(fc.constantFrom(...(Object.keys(resolve(doc, schema).properties ?? {}).length > 0 ? Object.keys(resolve(doc, schema).properties ?? {}) : ['x'])), fc.oneof(boundary, fc.jsonValue({ maxDepth: 2 })))
    .map(([field, value]) => ({ ...valid, [field]: value }));
  return fc.oneof({ arbitrary: shaped(schema), weight: 5 }, { arbitrary: oneFieldOff, weight: 3 }, { arbitrary: anything, weight: 2 });
}

async function appendedBy(requestIds: readonly string[]): Promise<number> {
  const [row] = await t.app
    .get(DataSource)
    .query<{ count: number }[]>(`SELECT count(*)::int AS count FROM events WHERE metadata->>'requestId' = ANY($1)`, [requestIds]);
  return row?.count ?? 0;
}

describe('every request body, fuzzed', () => {
  it(`answers ${RUNS} random and boundary bodies per POST and PUT route without a 5xx, and a refused one appends nothing`, async () => {
    const statuses: Record<string, number> = {};
    const refused: string[] = [];
    let requests = 0;
    for (const route of writeRoutes) {
      expect(ACCESS[routeKey(route)]).toBeDefined();
      const url = fillPath(route.path, fixture);
      await fc.assert(
        fc.asyncProperty(bodies(route), fc.boolean(), async (body, withKey) => {
          const requestId = `fuzz-${randomUUID()}`;
          const http = t.http();
          let call = (route.method === 'PUT' ? http.put(url) : http.post(url))
            .auth(token, { type: 'bearer' })
            .set('X-Request-Id', requestId)
            .set('Content-Type', 'application/json');
          if (withKey) call = call.set('Idempotency-Key', requestId);
          const response = await call.send(JSON.stringify(body));
          requests += 1;
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          if (response.status >= 500) throw new Error(`${routeKey(route)} answered ${response.status} to ${JSON.stringify(body).slice(0, 300)}`);
          if (response.status >= 400) {
            expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
            refused.push(requestId);
          }
        }),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    }
    expect(await appendedBy(refused)).toBe(0);
    await recordFigures('fuzz-bodies', { runsPerRoute: RUNS, routes: writeRoutes.length, requests, refused: refused.length, statuses });
  }, 600_000);
});

describe('the DTOs', () => {
  it('require every nested object they validate to be there: @ValidateNested alone lets a missing one through', () => {
    // Read from class-validator's own registry, which every DTO of the running app has filled.
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<{ name: string }, { type: string; name?: string; propertyName: string }[]>;
    };
    const unguarded: string[] = [];
    for (const [target, metadatas] of storage.validationMetadatas) {
      for (const nested of metadatas.filter((m) => m.type === 'nestedValidation')) {
        const own = metadatas.filter((m) => m.propertyName === nested.propertyName);
        const guarded = own.some(
          (m) => m.type === 'conditionalValidation' || m.type === 'isDefined' || ['isObject', 'isArray'].includes(m.name ?? ''),
        );
        if (!guarded) unguarded.push(`${target.name}.${nested.propertyName}`);
      }
    }
    expect(storage.validationMetadatas.size).toBeGreaterThan(30);
    expect(unguarded).toEqual([]);
  });
});

describe('bodies built to hurt the parser', () => {
  const route = () => `/api/cases/${fixture.caseId}/hazards`;
  const send = (raw: string, key?: string) => {
    const call = t.http().post(route()).auth(token, { type: 'bearer' }).set('Content-Type', 'application/json');
    return (key ? call.set('Idempotency-Key', key) : call).send(raw);
  };

  it('refuses a body over 256 kB with 413 before reading it into JSON', async () => {
    const response = await send(`{"description":"${'x'.repeat(300_000)}"}`).expect(413);
    expect(response.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers deeply nested JSON (arrays and objects, with and without an Idempotency-Key) with 400, not a crash', async () => {
    const depth = 40_000;
    const nested = [
      `${'['.repeat(depth)}${']'.repeat(depth)}`,
      `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
      `{"occurredAt":"2026-03-02T09:30:00+08:00","description":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      `{"description":"x","severity":"general","occurredAt":"2026-03-02T09:30:00+08:00","legalBasis":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
    ];
    for (const raw of nested) {
      for (const key of [undefined, `deep-${randomUUID()}`]) {
        const response = await send(raw, key);
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
  });

  it('answers JSON that JavaScript reads oddly (huge numbers, duplicate keys, prototype keys) with 4xx', async () => {
    for (const raw of [
      '{"occurredAt":"2026-03-02T09:30:00+08:00","description":"x","severity":"general","legalBasis":1e400}',
      '{"description":"a","description":"b"}',
      '{"__proto__":{"roles":["admin"]},"description":"x"}',
      '{"constructor":{"prototype":{"x":1}}}',
      '"just a string"',
      '12345678901234567890123456789',
      'null',
      '[]',
      '\uFEFF{}',
    ]) {
      const response = await send(raw);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });

  it('bounds the length of every string a body can carry: a field of 100,000 characters is refused, on every route', async () => {
    const accepted: string[] = [];
    for (const route of writeRoutes) {
      const schema = bodySchema(doc, route.method, route.path);
      if (!schema) continue;
      const valid = exampleBody(doc, schema, {}) as Record<string, unknown>;
      for (const [field, property] of Object.entries(resolve(doc, schema).properties ?? {})) {
        if (resolve(doc, property).type !== 'string') continue;
        const http = t.http();
        const url = fillPath(route.path, fixture);
        const response = await (route.method === 'PUT' ? http.put(url) : http.post(url))
          .auth(token, { type: 'bearer' })
          .send({ ...valid, [field]: 'x'.repeat(100_000) });
        if (response.status < 400 || response.status >= 500) accepted.push(`${routeKey(route)} ${field}: ${response.status}`);
      }
    }
    expect(accepted).toEqual([]);
  });
});
