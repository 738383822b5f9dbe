import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ROLES, type Role } from '../../src/shared/domain/roles.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { ACCESS, type AccessRule } from './access-table.js';
import { type Fixture, OTHER_AGENCY, OWN_AGENCY, buildFixture, fillPath, fixtureClock, ownIds } from './fixture.js';
import { type OpenApiDocument, bodySchema, exampleBody } from './openapi.js';
import { recordFigures } from './results.js';
import { type RegisteredRoute, inParallel, registeredRoutes, routeKey } from './routes.js';

let t: TestApp;
let fixture: Fixture;
let doc: OpenApiDocument;
let routes: RegisteredRoute[];

beforeAll(async () => {
  t = await startTestApp({ clock: fixtureClock() });
  fixture = await buildFixture(t);
  doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
  routes = registeredRoutes(t.app);
}, 120_000);
afterAll(async () => {
  await t.close();
});

type Caller = { readonly kind: 'none' } | { readonly kind: 'token'; readonly role: Role; readonly agency: 'own' | 'other' };

/** What a cell must show: let through (not 401/403), or stopped with exactly this status. */
type Expectation = { readonly pass: true } | { readonly pass: false; readonly status: number };

function expected(rule: AccessRule, caller: Caller): Expectation {
  if (rule.public) return { pass: true };
  if (caller.kind === 'none') return { pass: false, status: 401 };
  if (rule.roles && !rule.roles.includes(caller.role)) return { pass: false, status: 403 };
  if (caller.agency === 'own' || caller.role === 'district') return { pass: true };
  switch (rule.other ?? 'hidden') {
    case 'hidden':
      return { pass: false, status: 404 };
    case 'forbidden':
      return { pass: false, status: 403 };
    case 'scoped':
    case 'shared':
      return { pass: true };
  }
}

/** A body that any route refuses (an unknown field): a call that is let through changes nothing. */
const REFUSED_BODY = { abuseProbe: true };

/** A body that passes validation, so that a call of another agency reaches the handler's own agency check. */
function validBody(route: RegisteredRoute): unknown {
  const schema = bodySchema(doc, route.method, route.path);
  if (!schema) return undefined;
  const { staff, itemId } = fixture;
  return exampleBody(doc, schema, {
    officerIds: [staff.officerA.id, staff.officerB.id],
    hazardIds: [randomUUID()],
    approvedBy: staff.head.id,
    capturedBy: staff.officerA.id,
    chairOfficerId: staff.head.id,
    participantIds: [staff.head.id, staff.officerA.id],
    officerId: staff.officerC.id,
    items: [itemId],
    agency: OWN_AGENCY,
    sampleCount: 1,
    penalties: [{ type: 'fine', amountFen: 2_000_000 }],
    figures: { inspections: 1 },
    seed: undefined,
  });
}

const callers: Caller[] = [
  { kind: 'none' },
  ...ROLES.flatMap((role) => (['own', 'other'] as const).map((agency): Caller => ({ kind: 'token', role, agency }))),
];

const describeCaller = (caller: Caller): string =>
  caller.kind === 'none' ? 'no token' : `${caller.role} of the ${caller.agency === 'own' ? 'same' : 'other'} agency`;

interface Cell {
  readonly route: RegisteredRoute;
  readonly caller: Caller;
  readonly requestId: string;
  readonly expectation: Expectation;
  status?: number;
  problem?: string;
}

describe('the authorization matrix', () => {
  it('declares the access of every route the app registers, and nothing it does not', () => {
    const registered = routes.map(routeKey);
    expect(registered.filter((key) => !(key in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((key) => !registered.includes(key))).toEqual([]);
    expect(registered.length).toBeGreaterThan(80);
  });

  it('lets each role through exactly where the table says, hides other agencies, and appends nothing when it stops a call', async () => {
    const cells: Cell[] = routes.flatMap((route) => {
      const rule = ACCESS[routeKey(route)];
      if (!rule) return [];
      return callers.map((caller) => ({ route, caller, requestId: `matrix-${randomUUID()}`, expectation: expected(rule, caller) }));
    });
    const leaks = [...ownIds(fixture), `"${OWN_AGENCY}"`];

    await inParallel(cells, 8, async (cell) => {
      const rule = ACCESS[routeKey(cell.route)] as AccessRule;
      const { caller, route } = cell;
      const other = caller.kind === 'token' && caller.agency === 'other';
      const query = other && rule.otherQuery !== undefined ? rule.otherQuery : rule.query;
      const url = `${fillPath(route.path, fixture)}${query ? `?${query}` : ''}`;
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put';
      let call = t.http()[method](url).set('X-Request-Id', cell.requestId);
      for (const [name, value] of Object.entries(rule.headers ?? {})) call = call.set(name, value);
      if (caller.kind === 'token') {
        const agency = caller.agency === 'own' ? OWN_AGENCY : OTHER_AGENCY;
        call = call.auth(t.token({ sub: `matrix-${caller.role}-${agency}`, agency, roles: [caller.role] }), { type: 'bearer' });
      }
      if (method !== 'get') {
        const reachesHandler = other && !cell.expectation.pass;
        call = call.send((reachesHandler ? validBody(route) : undefined) ?? REFUSED_BODY);
      }
      const response = await call;
      cell.status = response.status;
      const expectation = cell.expectation;
      const body = response.text ?? '';
      if (response.status >= 500 && !(response.status === 503 && rule.readiness)) {
        cell.problem = `answered ${response.status}`;
      } else if (!expectation.pass && response.status !== expectation.status) {
        cell.problem = `answered ${response.status}, expected ${expectation.status}: ${body.slice(0, 200)}`;
      } else if (expectation.pass && (response.status === 401 || response.status === 403)) {
        cell.problem = `was stopped with ${response.status}: ${body.slice(0, 200)}`;
      } else if (expectation.pass && other && caller.kind === 'token' && caller.role !== 'district' && rule.other === 'scoped' && method === 'get') {
        if (response.status !== 200) cell.problem = `answered ${response.status}, expected 200 with its own agency's data`;
        const leaked = leaks.filter((id) => body.includes(id));
        if (leaked.length > 0) cell.problem = `showed records of ${OWN_AGENCY}: ${leaked.join(', ')}`;
      } else if (expectation.pass && caller.kind === 'token' && !other && rule.other === 'hidden' && method === 'get' && response.status === 404) {
        cell.problem = 'did not find the record of its own agency (the fixture names a record that does not exist?)';
      }
    });

    const failures = cells
      .filter((cell) => cell.problem)
      .map((cell) => `${routeKey(cell.route)} as ${describeCaller(cell.caller)} ${cell.problem}`);
    expect(failures).toEqual([]);

    const stopped = cells.filter((cell) => !cell.expectation.pass).map((cell) => cell.requestId);
    const [appended] = await t.app
      .get(DataSource)
      .query<{ count: number }[]>(`SELECT count(*)::int AS count FROM events WHERE metadata->>'requestId' = ANY($1)`, [stopped]);
    expect(appended?.count).toBe(0);

    await recordFigures('authorization-matrix', {
      routes: routes.length,
      cells: cells.length,
      stopped: stopped.length,
      byStatus: cells.reduce<Record<string, number>>((counts, cell) => {
        counts[String(cell.status)] = (counts[String(cell.status)] ?? 0) + 1;
        return counts;
      }, {}),
    });
  }, 180_000);
});
