import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WrongExpectedVersionError } from '../../src/eventstore/errors.js';
import { PostgresEventStore } from '../../src/eventstore/event-store.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { type Staff, openCase, setUpAgency, caseInReview } from '../support/cases.js';

/** A legal review submitted on Wednesday 2026-03-04 is due on Friday 03-13 (7 working days). */
const SUBMITTED = '2026-03-04T10:00:00+08:00';

let t: TestApp;
let staff: Staff;
const clock = new ControlledClock(new Date('2026-03-04T12:00:00+08:00'));

beforeAll(async () => {
  t = await startTestApp({ clock });
  staff = await setUpAgency(t);
});

afterAll(async () => {
  await t?.close();
});

async function scrape(): Promise<string> {
  const response = await t.http().get('/metrics').expect(200);
  expect(response.headers['content-type']).toContain('text/plain');
  return response.text;
}

/** The value of one series, by its name and (a subset of) its labels; undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const matching = text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => wanted.every((label) => line.includes(label)));
  if (matching.length === 0) return undefined;
  return matching.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('GET /metrics', () => {
  it('times requests by route template and status, never by raw path', async () => {
    const admin = t.token({ sub: 'admin-district', agency: 'dazu-district', roles: ['admin', 'district'] });
    await t.http().get(`/api/officers/${staff.officerA.id}`).auth(admin, { type: 'bearer' }).expect(200);
    await t.http().get(`/api/officers/${staff.officerB.id}`).auth(admin, { type: 'bearer' }).expect(200);
    await t.http().get(`/api/officers/${randomUUID()}`).auth(admin, { type: 'bearer' }).expect(404);
    await t.http().get('/api/no/such/route/7f3a').expect(404);

    const text = await scrape();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    const route = { method: 'GET', route: '/api/officers/:officerId' };
    expect(sample(text, 'http_request_duration_seconds_count', { ...route, status_code: '200' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'http_request_duration_seconds_count', { ...route, status_code: '404' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_bucket', { ...route, status_code: '200', le: '+Inf' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/api/agencies/:agencyId', method: 'PUT', status_code: '201' })).toBe(1);
    expect(text).not.toContain(staff.officerA.id);
    expect(text).not.toContain('7f3a');
    // The process's own figures come along.
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('counts appended events by stream type and event type, and version conflicts', async () => {
    const labels = { stream_type: 'case', type: 'CaseOpened' };
    const before = sample(await scrape(), 'casetrail_events_appended_total', labels) ?? 0;
    await openCase(t, staff);
    await openCase(t, staff);
    const after = await scrape();
    expect(sample(after, 'casetrail_events_appended_total', labels)).toBe(before + 2);
    expect(sample(after, 'casetrail_events_appended_total', { stream_type: 'officer', type: 'OfficerRegistered' })).toBe(6);

    const store = t.app.get(PostgresEventStore);
    const metadata = {
      actorId: 'test',
      actorRoles: [],
      agencyId: 'dazu-emb',
      correlationId: 'metrics-test',
      causationId: null,
      requestId: null,
    };
    await store.append('metrics-conflict', 'no_stream', [{ type: 'Tested', data: {} }], metadata);
    await expect(store.append('metrics-conflict', 'no_stream', [{ type: 'Tested', data: {} }], metadata)).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    await expect(store.append('metrics-conflict', 7, [{ type: 'Tested', data: {} }], metadata)).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(sample(await scrape(), 'casetrail_version_conflicts_total', { stream_type: 'metrics' })).toBe(2);
  });

  it('shows the lag of every projection, the depth of every queue, and the deadlines due today and missed', async () => {
    await caseInReview(t, staff, { review: { occurredAt: SUBMITTED } });
    await t.settle();

    const text = await scrape();
    for (const projection of ['identity', 'case-summaries', 'deadlines', 'deadline-scheduler']) {
      expect({ projection, lag: sample(text, 'casetrail_projection_lag_events', { projection }) }).toEqual({ projection, lag: 0 });
    }
    expect(sample(text, 'casetrail_projection_active', { projection: 'identity' })).toBe(1);
    // The reminder, the alarm and the escalation of the review wait as delayed jobs.
    expect(sample(text, 'casetrail_queue_jobs', { queue: 'deadlines', state: 'delayed' })).toBe(3);
    for (const state of ['waiting', 'active', 'failed']) {
      expect(sample(text, 'casetrail_queue_jobs', { queue: 'deadlines', state })).toBe(0);
    }
    expect(sample(text, 'casetrail_queue_jobs', { queue: 'bulletins', state: 'delayed' })).toBeDefined();
    expect(sample(text, 'casetrail_deadlines_due', { kind: 'review_due' })).toBe(0);
    expect(sample(text, 'casetrail_deadlines_missed', { kind: 'review_due' })).toBe(0);

    clock.set('2026-03-13T10:00:00+08:00');
    const dueDay = await scrape();
    expect(sample(dueDay, 'casetrail_deadlines_due', { kind: 'review_due' })).toBe(1);
    expect(sample(dueDay, 'casetrail_deadlines_missed', { kind: 'review_due' })).toBe(0);

    clock.set('2026-03-16T10:00:00+08:00');
    const after = await scrape();
    expect(sample(after, 'casetrail_deadlines_due', { kind: 'review_due' })).toBe(0);
    expect(sample(after, 'casetrail_deadlines_missed', { kind: 'review_due' })).toBe(1);
  });

  it('is open when no METRICS_TOKEN is set', async () => {
    await t.http().get('/metrics').expect(200);
  });
});
