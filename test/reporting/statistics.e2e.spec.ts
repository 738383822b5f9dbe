import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ANY, type NewEvent, START } from '../../src/eventstore/event.js';
import { PostgresEventStore } from '../../src/eventstore/event-store.js';
import { ProjectionRunner } from '../../src/eventstore/projections/projection-runner.js';
import { FIGURES, type Figures } from '../../src/reporting/domain/statistics-facts.js';
import { FINDING_POINTS } from '../../src/review/domain/review.js';
import { poolExecutor } from '../../src/shared/database/data-source.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { setUpAgency } from '../support/cases.js';
import { testMetadata } from '../support/event-store.js';

const EMB = 'dazu-emb';
const TRAFFIC = 'dazu-traffic';

/** A small seeded generator, so a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(20260601);
const chance = (p: number): boolean => rnd() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
const between = (low: number, high: number): number => low + Math.floor(rnd() * (high - low + 1));

const pad = (n: number): string => String(n).padStart(2, '0');
/** An instant of 2026 in Asia/Shanghai; hours near midnight test that dates are Shanghai dates, not UTC. */
const instant = (month: number, day: number, hour = between(0, 23)): string =>
  `2026-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(between(0, 59))}:00+08:00`;
const later = (at: string, days: number): string => new Date(Date.parse(at) + days * 86_400_000).toISOString();
const dateOf = (at: string): string => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 10);

const PARTIES = [
  ...Array.from({ length: 40 }, (_, i) => ({
    kind: 'organization',
    name: `企业${i}`,
    creditCode: `91500111MA5U3X${String(i).padStart(4, '0')}`,
    legalRepresentative: null,
  })),
  ...Array.from({ length: 20 }, (_, i) => ({
    kind: 'person',
    name: `个人${i}`,
    idNumber: `50011119800101${String(i).padStart(3, '0')}X`,
    phone: null,
    address: null,
  })),
];

const PENALTIES = [
  () => ({ type: 'warning' }),
  () => ({ type: 'fine', amountFen: between(1, 500) * 10_000 + between(0, 99) }),
  () => ({ type: 'confiscation', amountFen: between(1, 90) * 100_000 + between(0, 99) }),
  () => ({ type: 'suspension_order' }),
  () => ({ type: 'licence_suspension', licence: '安全生产许可证' }),
  () => ({ type: 'licence_revocation', licence: '安全生产许可证' }),
  () => ({ type: 'detention', days: between(1, 15) }),
  () => ({ type: 'detention_referral' }),
];
const NO_PENALTY_REASONS = ['minor_corrected', 'first_violation', 'no_fault', 'facts_not_established'];
/** A reviewer's findings on every point (the review queue reads them). */
const FINDINGS = Object.fromEntries(FINDING_POINTS.map((point) => [point, { ok: true, note: null }]));
const deadline = (date: string) => ({ date, provisional: false, calendarVersion: 'test' });

type Planned = { streamId: string; agencyId: string; event: NewEvent & { occurredAt: string }; late: boolean };

function event(type: string, occurredAt: string, data: Record<string, unknown>): NewEvent & { occurredAt: string } {
  return { type, occurredAt, data: { occurredAt, ...data } };
}

/** One case's history: inspection, hazards, a check, maybe a review and a decision, maybe revoked. */
function plannedCase(agencyId: string): Planned[] {
  const caseId = randomUUID();
  const streamId = `case-${caseId}`;
  // A history recorded late is recorded late from some step on, as when an officer uploads after the fact.
  const lateFrom = chance(0.2) ? between(0, 6) : Number.POSITIVE_INFINITY;
  const planned: Planned[] = [];
  const add = (stream: string, e: NewEvent & { occurredAt: string }) =>
    planned.push({ streamId: stream, agencyId, event: e, late: planned.length >= lateFrom });
  let at = instant(between(1, 6), between(1, 28));
  add(streamId, event('CaseOpened', at, {
    caseId, agencyId, source: 'routine', campaign: null, party: pick(PARTIES), officerIds: ['officer-1', 'officer-2'],
    location: '大足区', summary: '检查',
  }));
  const hazardIds: string[] = [];
  for (let i = between(0, 3); i > 0; i--) {
    const hazardId = randomUUID();
    hazardIds.push(hazardId);
    add(streamId, event('HazardFound', at, {
      hazardId, description: '隐患', severity: chance(0.3) ? 'major' : 'general', legalBasis: null, workHalted: false,
    }));
  }
  if (hazardIds.length > 0 && chance(0.7)) {
    at = later(at, between(1, 20));
    add(streamId, event('RectificationChecked', at, {
      hazardIds: hazardIds.slice(0, between(1, hazardIds.length)), result: chance(0.8) ? 'rectified' : 'not_rectified',
    }));
  }
  if (chance(0.3)) {
    const reviewId = randomUUID();
    for (let round = 1; round <= between(1, 2); round++) {
      at = later(at, between(0, 5));
      add(`review-${reviewId}`, event('ReviewSubmitted', at, {
        reviewId, caseId, agencyId, round, caseVersion: 1, submittedBy: 'officer-1',
        proposedDecision: { outcome: 'penalty', penalties: [{ type: 'warning' }], discretion: 'standard', discretionReason: null },
        flags: [], requiredBy: [], catalogueVersion: 'test', timeLimitWorkingDays: 5, dueDate: deadline(dateOf(later(at, 7))),
        subject: { partyName: '企业', partyKind: 'organization' },
      }));
      if (chance(0.8)) {
        at = later(at, between(0, 3));
        add(`review-${reviewId}`, event('ReviewOpinionGiven', at, {
          reviewId, round, reviewerId: 'reviewer-1', outcome: chance(0.7) ? 'approved' : 'returned', findings: FINDINGS, opinion: '意见',
        }));
      }
    }
  }
  if (chance(0.75)) {
    at = later(at, between(1, 30));
    const penalty = chance(0.8);
    const penalties = penalty ? Array.from({ length: between(1, 3) }, () => pick(PENALTIES)()) : [];
    add(streamId, event('DecisionMade', at, {
      outcome: penalty ? 'penalty' : 'no_penalty', procedure: 'general', decisionNumber: `大足应急罚〔2026〕${between(1, 99_999)}号`,
      decisionDate: dateOf(at), penalties, discretion: penalty ? pick(['standard', 'standard', 'lighter', 'mitigated']) : 'standard',
      discretionReason: null, noPenaltyReason: penalty ? null : pick(NO_PENALTY_REASONS), decidedBy: 'head-1', ruleSetVersion: 'test',
    }));
    if (chance(0.1)) {
      add(streamId, event('DecisionRevoked', later(at, between(1, 30)), { reason: '复议撤销', revokedBy: 'head-1' }));
    }
  }
  return planned;
}

type Expected = { figures: Figures; byAgency: Record<string, { figures: Figures }> };

/** The figures counted straight from the events table, independently of the projection. */
const EXPECTED_SQL = `
  WITH known AS (
    SELECT stream_id, type, data, agency_id,
           ((metadata->>'occurredAt')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS on_date
    FROM events WHERE recorded_at <= coalesce($3::timestamptz, 'infinity')),
  in_period AS (SELECT * FROM known WHERE on_date BETWEEN $1 AND $2),
  decided AS (SELECT * FROM in_period WHERE type = 'DecisionMade'),
  penalties AS (SELECT agency_id, p FROM decided, jsonb_array_elements(data->'penalties') p WHERE data->>'outcome' = 'penalty')
  SELECT agency_id, 'inspections' AS figure, count(*) AS amount FROM in_period WHERE type = 'CaseOpened' GROUP BY 1
  UNION ALL SELECT agency_id, 'hazards', count(*) FROM in_period WHERE type = 'HazardFound' GROUP BY 1
  UNION ALL SELECT agency_id, 'hazardsMajor', count(*) FROM in_period WHERE type = 'HazardFound' AND data->>'severity' = 'major' GROUP BY 1
  UNION ALL SELECT agency_id, 'hazardsRectified', sum(jsonb_array_length(data->'hazardIds')) FROM in_period
    WHERE type = 'RectificationChecked' AND data->>'result' = 'rectified' GROUP BY 1
  UNION ALL SELECT agency_id, 'warnings', count(*) FROM penalties WHERE p->>'type' = 'warning' GROUP BY 1
  UNION ALL SELECT agency_id, 'finesFen', sum((p->>'amountFen')::bigint) FROM penalties WHERE p->>'type' = 'fine' GROUP BY 1
  UNION ALL SELECT agency_id, 'confiscations', count(*) FROM penalties WHERE p->>'type' = 'confiscation' GROUP BY 1
  UNION ALL SELECT agency_id, 'confiscatedFen', sum((p->>'amountFen')::bigint) FROM penalties WHERE p->>'type' = 'confiscation' GROUP BY 1
  UNION ALL SELECT agency_id, 'productionSuspensions', count(*) FROM penalties WHERE p->>'type' = 'suspension_order' GROUP BY 1
  UNION ALL SELECT agency_id, 'licencesSuspendedOrRevoked', count(*) FROM penalties
    WHERE p->>'type' IN ('licence_suspension', 'licence_revocation') GROUP BY 1
  UNION ALL SELECT agency_id, 'detentions', count(*) FROM penalties WHERE p->>'type' = 'detention' GROUP BY 1
  UNION ALL SELECT agency_id, 'noPenaltyAfterRectification', count(*) FROM decided
    WHERE data->>'outcome' = 'no_penalty' AND data->>'noPenaltyReason' IN ('minor_corrected', 'first_violation') GROUP BY 1
  UNION ALL SELECT agency_id, 'lighterOrMitigated', count(*) FROM decided
    WHERE data->>'outcome' = 'penalty' AND data->>'discretion' IN ('lighter', 'mitigated') GROUP BY 1
  UNION ALL SELECT agency_id, 'legalReviewsSubmitted', count(*) FROM in_period WHERE type = 'ReviewSubmitted' GROUP BY 1
  UNION ALL SELECT agency_id, 'legalReviewsApproved', count(*) FROM in_period
    WHERE type = 'ReviewOpinionGiven' AND data->>'outcome' = 'approved' GROUP BY 1
  UNION ALL SELECT agency_id, 'legalReviewsReturned', count(*) FROM in_period
    WHERE type = 'ReviewOpinionGiven' AND data->>'outcome' = 'returned' GROUP BY 1
  UNION ALL SELECT agency_id, CASE WHEN (data->>'onTime')::boolean THEN 'publicationsOnTime' ELSE 'publicationsLate' END, count(*)
    FROM known WHERE type = 'PublicationPublished' AND (data->>'publishedOn')::date BETWEEN $1 AND $2 GROUP BY 1, 2
  UNION ALL SELECT d.agency_id, 'partiesPenalized',
      count(DISTINCT $4::jsonb->>o.stream_id)
    FROM decided d JOIN events o ON o.stream_id = d.stream_id AND o.type = 'CaseOpened'
    WHERE d.data->>'outcome' = 'penalty' GROUP BY GROUPING SETS ((d.agency_id), ())
  UNION ALL SELECT p.agency_id, 'publicationsOverdue', count(*) FROM known p
    WHERE p.type = 'PublicationPrepared' AND (p.data->'dueDate'->>'date')::date BETWEEN $1 AND $2 AND p.data->>'withheldReason' IS NULL
      AND NOT EXISTS (SELECT 1 FROM known x WHERE x.stream_id = p.stream_id
                        AND ((x.type = 'PublicationPublished' AND (x.data->>'publishedOn')::date <= $2)
                          OR (x.type = 'PublicationCancelled' AND x.on_date <= $2)))
    GROUP BY 1`;

const zero = (): Figures => Object.fromEntries(FIGURES.map((f) => [f, 0])) as Figures;

describe('enforcement statistics', () => {
  let t: TestApp;
  let db: DataSource;
  let district: string;
  let asOf: string;

  async function expected(from: string, to: string, agency: string | null, at: string | null): Promise<Expected> {
    // A person's ID number is stored sealed (docs/adr/0018): each case's party is read through the store, which opens it.
    const opened = await t.app.get(PostgresEventStore).readAll(START, 1_000_000, { types: ['CaseOpened'] });
    const parties = Object.fromEntries(
      opened.map((event) => {
        const party = (event.data as { party: { kind: string; creditCode?: string; idNumber?: string } }).party;
        return [event.streamId, `${party.kind}${party.creditCode ?? party.idNumber ?? ''}`];
      }),
    );
    const rows = await db.query<{ agency_id: string | null; figure: keyof Figures; amount: string }[]>(EXPECTED_SQL, [from, to, at, JSON.stringify(parties)]);
    const byAgency: Record<string, { figures: Figures }> = {};
    const figures = zero();
    for (const row of rows) {
      if (row.agency_id === null) continue;
      if (agency !== null && row.agency_id !== agency) continue;
      (byAgency[row.agency_id] ??= { figures: zero() }).figures[row.figure] += Number(row.amount);
      if (row.figure !== 'partiesPenalized') figures[row.figure] += Number(row.amount);
    }
    const total = rows.find((row) => row.agency_id === null && row.figure === 'partiesPenalized');
    figures.partiesPenalized = agency === null ? Number(total?.amount ?? 0) : (byAgency[agency]?.figures.partiesPenalized ?? 0);
    // The officer register: dazu-emb has 4 certified officers, 3 of them reviewers, certified 2025-01-01 to 2028-12-31.
    const certified = to >= '2025-01-01' && to <= '2028-12-31';
    if (certified && (agency === null || agency === EMB)) {
      const emb = (byAgency[EMB] ??= { figures: zero() }).figures;
      emb.certifiedOfficers = figures.certifiedOfficers = 4;
      emb.reviewers = figures.reviewers = 3;
    }
    return { figures, byAgency };
  }

  async function report(query: Record<string, string>, token = district) {
    const response = await t.http().get('/api/reports/statistics').query(query).auth(token, { type: 'bearer' }).expect(200);
    return response.body as { figures: Figures; byAgency?: Record<string, { figures: Figures }> };
  }

  const PERIODS = [
    ['2026-01-01', '2026-12-31'],
    ['2026-03-01', '2026-03-31'],
    ['2026-04-15', '2026-05-20'],
    ['2026-02-10', '2026-06-05'],
    ['2026-03-05', '2026-03-20'],
  ] as const;

  /** Every figure of every period, district-wide and per agency, against the count from the events table. */
  async function expectAllFiguresMatch(at: string | null): Promise<void> {
    for (const [from, to] of PERIODS) {
      const base: Record<string, string> = at === null ? { from, to } : { from, to, asOf: at };
      const whole = await report(base);
      const want = await expected(from, to, null, at);
      expect(whole.figures).toEqual(want.figures);
      for (const agency of [EMB, TRAFFIC]) {
        expect(whole.byAgency?.[agency]?.figures ?? zero()).toEqual(want.byAgency[agency]?.figures ?? zero());
        const one = await report({ ...base, agency });
        expect(one.figures).toEqual((await expected(from, to, agency, at)).figures);
      }
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    await setUpAgency(t);
    district = t.token({ sub: 'district-1', agency: 'dazu-district', roles: ['district'] });
    const start = Date.now();
    // Events recorded late carry a recorded-at after asOf; asOf itself lies after everything recorded on time.
    asOf = new Date(start + 30 * 60_000).toISOString();
    const lateAt = new Date(start + 60 * 60_000);
    const onTime = t.app.get(PostgresEventStore);
    const late = new PostgresEventStore(poolExecutor(db), undefined, () => lateAt);
    const append = (p: Planned) =>
      (p.late ? late : onTime).append(p.streamId, ANY, [p.event], testMetadata({ agencyId: p.agencyId, occurredAt: p.event.occurredAt }));

    const planned = Array.from({ length: 320 }, (_, i) => plannedCase(i % 3 === 0 ? TRAFFIC : EMB)).flat();
    for (const p of planned) await append(p);
    // The publication reactor prepares a publication for each penalty decision; publish or cancel most of those still
    // pending (one the reactor cancelled, after a revocation, stays cancelled).
    await t.settle();
    const prepared = await db.query<{ stream_id: string; agency_id: string; due: string | null }[]>(
      `SELECT stream_id, agency_id, data->'dueDate'->>'date' AS due FROM events p
       WHERE type = 'PublicationPrepared' AND data->>'withheldReason' IS NULL
         AND NOT EXISTS (SELECT 1 FROM events x WHERE x.stream_id = p.stream_id AND x.type IN ('PublicationPublished', 'PublicationCancelled'))
       ORDER BY global_position`,
    );
    expect(prepared.length).toBeGreaterThan(100);
    for (const { stream_id, agency_id, due } of prepared) {
      if (due === null || chance(0.15)) continue;
      const isLate = chance(0.15);
      if (chance(0.1)) {
        const at = later(`${due}T10:00:00+08:00`, between(-5, 5));
        await append({ streamId: stream_id, agencyId: agency_id, late: isLate, event: event('PublicationCancelled', at, { reason: '撤销' }) });
        continue;
      }
      const at = later(`${due}T10:00:00+08:00`, between(-6, 4));
      const publishedOn = dateOf(at);
      await append({
        streamId: stream_id, agencyId: agency_id, late: isLate,
        event: event('PublicationPublished', at, { publishedBy: 'officer-1', publishedOn, onTime: publishedOn <= due }),
      });
    }
    await t.settle();
  }, 300_000);

  afterAll(async () => {
    await t?.close();
  });

  it('matches a count straight from the events, for every figure, period and agency', async () => {
    await expectAllFiguresMatch(null);
    const year = await report({ from: '2026-01-01', to: '2026-12-31' });
    // The generated history exercises every figure the events feed.
    for (const figure of FIGURES.filter((f) => !['reconsiderations', 'lawsuits'].includes(f))) {
      expect([figure, year.figures[figure]]).toEqual([figure, expect.any(Number)]);
      expect([figure, year.figures[figure] > 0]).toEqual([figure, true]);
    }
    expect(year.figures.reconsiderations).toBe(0);
    expect(year.figures.lawsuits).toBe(0);
  });

  it('answers as the system knew it at asOf: events recorded later are left out', async () => {
    await expectAllFiguresMatch(asOf);
    const now = await report({ from: '2026-01-01', to: '2026-12-31' });
    const then = await report({ from: '2026-01-01', to: '2026-12-31', asOf });
    expect(then.figures.inspections).toBeLessThan(now.figures.inspections);
    expect(then.figures.publicationsOverdue).not.toBe(now.figures.publicationsOverdue);
  });

  it('gives the same figures after a rebuild as from the incremental run', async () => {
    const before = await Promise.all(PERIODS.map(([from, to]) => report({ from, to })));
    const beforeAsOf = await report({ from: '2026-01-01', to: '2026-12-31', asOf });
    await t.app.get(ProjectionRunner).rebuild('statistics');
    expect(await Promise.all(PERIODS.map(([from, to]) => report({ from, to })))).toEqual(before);
    expect(await report({ from: '2026-01-01', to: '2026-12-31', asOf })).toEqual(beforeAsOf);
  });

  it('shows others only their own agency', async () => {
    const officer = t.token({ sub: 'o-1', agency: EMB, roles: ['officer'] });
    const own = await report({ from: '2026-01-01', to: '2026-12-31' }, officer);
    expect(own).toMatchObject({ agency: EMB, figures: (await expected('2026-01-01', '2026-12-31', EMB, null)).figures });
    expect(own.byAgency).toBeUndefined();
    await t
      .http()
      .get('/api/reports/statistics')
      .query({ from: '2026-01-01', to: '2026-12-31', agency: TRAFFIC })
      .auth(officer, { type: 'bearer' })
      .expect(403);
    await t
      .http()
      .get('/api/reports/statistics')
      .query({ from: '2026-02-01', to: '2026-01-01' })
      .auth(district, { type: 'bearer' })
      .expect(400);
  });
});
