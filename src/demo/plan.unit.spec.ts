import { describe, expect, it } from '@jest/globals';
import { officialCalendar } from '../calendar/domain/official-notices.js';
import { ROLES } from '../shared/domain/roles.js';
import { isCreditCode, isIdNumber } from '../shared/domain/credit-code.js';
import { shanghaiDate } from '../shared/domain/calendar-date.js';
import { type Body, isList, isRef } from './plan-types.js';
import { planDemo, twelveMonthsTo, yearPeriod } from './plan.js';

const plan = planDemo({ seed: 7, cases: 400, period: yearPeriod(2025) });
const calendar = officialCalendar();

type Json = Record<string, unknown>;
const bodies = (path: RegExp) =>
  plan.cases.flatMap((c) => c.requests.filter((r) => path.test(r.path)).map((r) => ({ case: c, body: r.body as unknown as Json })));

/** Every ref a request uses must have been captured by an earlier request (or be an officer). */
function refsOf(body: Body, into: string[] = []): string[] {
  if (isRef(body)) into.push(body.$ref);
  else if (isList(body)) for (const item of body) refsOf(item, into);
  else if (body !== null && typeof body === 'object') for (const value of Object.values(body)) refsOf(value, into);
  return into;
}

describe('planDemo', () => {
  it('is a pure function of its options', () => {
    expect(planDemo({ seed: 7, cases: 400, period: yearPeriod(2025) })).toEqual(plan);
    const other = planDemo({ seed: 8, cases: 400, period: yearPeriod(2025) });
    expect(other.cases.map((c) => c.requests[0]?.body)).not.toEqual(plan.cases.map((c) => c.requests[0]?.body));
  });

  it('plans the number of cases asked for, in two agencies, with about 40 officers and reviewers', () => {
    expect(plan.cases).toHaveLength(400);
    expect(new Set(plan.cases.map((c) => c.agencyId))).toEqual(new Set(['dazu-emb', 'dazu-traffic']));
    const officers = plan.officers.filter((o) => o.roles.includes('officer'));
    expect(officers.length).toBeGreaterThanOrEqual(35);
    expect(officers.length).toBeLessThanOrEqual(45);
    expect(plan.officers.filter((o) => o.roles.includes('reviewer') && o.agencyId === 'dazu-emb')).toHaveLength(2);
    expect(new Set(plan.officers.map((o) => o.certificateNumber)).size).toBe(plan.officers.length);
    for (const kind of ['no_hazards', 'rectified', 'simple', 'general', 'no_penalty'] as const) {
      expect(plan.cases.filter((c) => c.kind === kind).length).toBeGreaterThan(0);
    }
  });

  it('shows a token for every role', () => {
    for (const role of ROLES) expect(plan.actors[plan.showcase[role]]?.roles).toContain(role);
  });

  it('dates every step on a working day of the year, in order within each case', () => {
    for (const planned of plan.cases) {
      let previous = '';
      for (const request of planned.requests) {
        const occurredAt = (request.body as Json).occurredAt as string;
        expect(occurredAt).toMatch(/^2025-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00$/);
        expect(calendar.isWorkingDay(shanghaiDate(occurredAt))).toBe(true);
        // The publication is its own stream: only the case's own steps must not go back in time.
        if (!request.path.includes('/publications/')) {
          expect(Date.parse(occurredAt)).toBeGreaterThanOrEqual(previous ? Date.parse(previous) : 0);
          previous = occurredAt;
        }
      }
    }
  });

  it('refers only to ids captured before', () => {
    const known = new Set(plan.setup.flatMap((r) => Object.keys(r.captures ?? {})));
    for (const planned of plan.cases) {
      const captured = new Set(known);
      for (const request of planned.requests) {
        for (const name of [...refsOf(request.body), ...[...request.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '')]) {
          expect(captured.has(name)).toBe(true);
        }
        for (const name of Object.keys(request.captures ?? {})) captured.add(name);
      }
    }
  });

  it('names parties by valid credit codes and identity numbers of adults', () => {
    const parties = bodies(/^\/api\/cases$/).map(({ body }) => body.party as Json);
    expect(parties.some((p) => p.kind === 'person')).toBe(true);
    for (const party of parties) {
      if (party.kind === 'organization') expect(isCreditCode(party.creditCode)).toBe(true);
      else {
        expect(isIdNumber(party.idNumber)).toBe(true);
        expect(Number(String(party.idNumber).slice(6, 10))).toBeLessThanOrEqual(2000);
      }
    }
  });

  it('keeps simple-procedure fines within APL Art. 51 and general-procedure fines in the range of the law', () => {
    for (const { case: planned, body } of bodies(/\/decision$/)) {
      const fines = ((body.penalties ?? []) as Json[]).filter((p) => p.type === 'fine').map((p) => p.amountFen as number);
      if (body.procedure === 'simple') {
        const person = planned.requests.some((r) => ((r.body as Json).party as Json | undefined)?.kind === 'person');
        for (const fine of fines) expect(fine).toBeLessThanOrEqual(person ? 200_00 : 3_000_00);
      } else {
        for (const fine of fines) {
          expect(fine).toBeGreaterThanOrEqual(50_00);
          expect(fine).toBeLessThanOrEqual(500_000_00);
        }
      }
    }
  });

  it('gives every decision a number unique within its agency', () => {
    const numbers = bodies(/\/decision$/).map(({ case: c, body }) => `${c.agencyId} ${String(body.decisionNumber)}`);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('sends legal review for every general-procedure decision before it is made', () => {
    for (const planned of plan.cases.filter((c) => c.kind === 'general' || c.kind === 'no_penalty')) {
      const paths = planned.requests.map((r) => r.path.replace(/\{[^}]+\}/g, ':id'));
      const submitted = paths.indexOf('/api/cases/:id/legal-review');
      const approved = planned.requests.findIndex((r) => r.path.endsWith('/opinion') && (r.body as Json).outcome === 'approved');
      expect(submitted).toBeGreaterThan(0);
      expect(approved).toBeGreaterThan(submitted);
      expect(paths.indexOf('/api/cases/:id/decision')).toBeGreaterThan(approved);
    }
  });

  it('publishes most decisions on time, some late and leaves a few unpublished', () => {
    expect(plan.expected.publicationsOnTime).toBeGreaterThan((plan.expected.publicationsLate ?? 0) * 3);
    expect(plan.expected.publicationsLate).toBeGreaterThan(0);
    expect(plan.expected.publicationsOverdue).toBeGreaterThan(0);
    expect(plan.expected.hazardsMajor).toBeGreaterThan(0);
    expect(plan.expected.lighterOrMitigated).toBeGreaterThan(0);
    expect(plan.expected.legalReviewsReturned).toBeGreaterThan(0);
    expect(plan.expected.detentions).toBeGreaterThan(0);
  });

  it('still covers every kind of case and publication in a small plan', () => {
    const small = planDemo({ seed: 1, cases: 60, period: yearPeriod(2025) });
    expect(small.cases).toHaveLength(60);
    for (const figure of ['hazardsMajor', 'publicationsOnTime', 'publicationsLate', 'publicationsOverdue', 'noPenaltyAfterRectification', 'lighterOrMitigated', 'legalReviewsApproved'] as const) {
      expect(small.expected[figure]).toBeGreaterThan(0);
    }
  });

  it('keys every POST for idempotency, uniquely', () => {
    const keys = [...plan.setup, ...plan.cases.flatMap((c) => c.requests)].filter((r) => r.method === 'POST').map((r) => r.idempotencyKey);
    expect(keys.every((key) => typeof key === 'string' && /^[\x21-\x7e]{1,255}$/.test(key))).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('plans the twelve months ending on a day across the turn of the year, each decision numbered in its own year', () => {
    const period = twelveMonthsTo('2026-11-27');
    expect(period).toEqual({ from: '2025-11-28', to: '2026-11-27' });
    const rolling = planDemo({ seed: 7, cases: 400, period });
    const dates = rolling.cases.flatMap((c) => c.requests.map((r) => shanghaiDate((r.body as Json).occurredAt as string)));
    for (const date of dates) {
      expect(date >= period.from && date <= period.to).toBe(true);
      expect(calendar.isWorkingDay(date)).toBe(true);
    }
    expect(dates.some((date) => date < '2026-01-01')).toBe(true);
    expect(dates.some((date) => date > '2026-10-31')).toBe(true);
    const numbers = rolling.cases.flatMap((c) =>
      c.requests
        .filter((r) => r.path.endsWith('/decision'))
        .map((r) => ({ agency: c.agencyId, year: ((r.body as Json).occurredAt as string).slice(0, 4), number: (r.body as Json).decisionNumber as string })),
    );
    for (const { year, number } of numbers) expect(number).toContain(`〔${year}〕`);
    expect(new Set(numbers.map((n) => `${n.agency} ${n.number}`)).size).toBe(numbers.length);
    expect(numbers.some((n) => /〔2026〕1号$/.test(n.number))).toBe(true);
    // Every officer's certificate covers the whole period.
    for (const request of rolling.setup.filter((r) => r.path === '/api/officers')) {
      const certificate = (request.body as Json).certificate as { validFrom: string; validUntil: string };
      expect(certificate.validFrom <= period.from && certificate.validUntil >= period.to).toBe(true);
    }
  });

  it('counts twelve months back from any day, leap days included', () => {
    expect(twelveMonthsTo('2026-12-31')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(twelveMonthsTo('2028-02-29')).toEqual({ from: '2027-03-01', to: '2028-02-29' });
    expect(twelveMonthsTo('2028-02-28')).toEqual({ from: '2027-03-01', to: '2028-02-28' });
  });
});
