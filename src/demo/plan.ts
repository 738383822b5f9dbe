import { officialCalendar } from '../calendar/domain/official-notices.js';
import { ROLES, type Role } from '../shared/domain/roles.js';
import type { CalendarDate } from '../shared/domain/calendar-date.js';
import { type CaseKind, type DemoActor, type DemoPlan, EXPECTED_FIGURES, type Figure, type PlannedCase, type PlannedRequest, ref } from './plan-types.js';
import { Random } from './random.js';
import { AGENCIES, type AgencyProfile, DISTRICT, EMB, type Roster, planParties, planRoster } from './roster.js';
import { type Discretion, type Fate, type Slot, CaseDraft } from './stages/case-draft.js';
import { buildCase } from './stages/case-flows.js';
import { plusDays, workingDaysBetween } from './timeline.js';

/** The days the demo's cases happen in, both included; every step of every case falls within. */
export interface DemoPeriod {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

export interface DemoOptions {
  readonly seed: number;
  /** How many inspections (cases) to plan. */
  readonly cases: number;
  readonly period: DemoPeriod;
}

export const MAX_CASES = 100_000;
/** The first year the demo records into (the rule sets it applies begin there). */
export const FIRST_DEMO_YEAR = 2022;

/** A whole calendar year. */
export const yearPeriod = (year: number): DemoPeriod => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/**
 * The twelve months that end on `to`: from the day after the same date a year earlier. Published decisions stay on
 * the public pages for a year after their date, so a demo of the twelve months ending yesterday is public in full
 * (a past calendar year has mostly run out of its publication period).
 */
export function twelveMonthsTo(to: CalendarDate): DemoPeriod {
  const from = new Date(`${plusDays(to, 1)}T00:00:00Z`);
  from.setUTCFullYear(from.getUTCFullYear() - 1);
  return { from: from.toISOString().slice(0, 10), to };
}

/** How a period is named in the demo's output and in its idempotency keys. */
export const periodName = ({ from, to }: DemoPeriod): string =>
  from.endsWith('-01-01') && to === `${from.slice(0, 4)}-12-31` ? from.slice(0, 4) : `${from}..${to}`;

/** Recorded by this user: it registers the agencies and officers and sees every agency. */
export const RECORDING_ADMIN: DemoActor = { sub: 'demo-admin', name: '演示数据管理员', agency: DISTRICT, roles: ['admin', 'district'] };

/**
 * The demo as a plan of API requests: a pure function of its options (the same seed gives the same plan). The
 * runner sends it; nothing here touches the network or the clock.
 */
export function planDemo(options: DemoOptions): DemoPlan {
  const { seed, period } = options;
  if (!Number.isSafeInteger(options.cases) || options.cases < 1 || options.cases > MAX_CASES) {
    throw new RangeError(`cases must be a whole number from 1 to ${MAX_CASES}`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(period.from) || !/^\d{4}-\d{2}-\d{2}$/.test(period.to) || period.from > period.to) {
    throw new RangeError('the period must run from one date (YYYY-MM-DD) to a later one');
  }
  if (period.from < `${FIRST_DEMO_YEAR}-01-01` || period.to > '2100-12-31') throw new RangeError(`the period must lie within ${FIRST_DEMO_YEAR} to 2100`);
  const calendar = officialCalendar();
  const random = new Random(seed, 'cases');
  const roster = planRoster(seed, Number(period.from.slice(0, 4)));
  const trafficCases = options.cases >= 5 ? Math.round(options.cases * 0.2) : 0;
  const embCases = options.cases - trafficCases;
  const parties = planParties(seed, embCases, trafficCases);
  const slots = [...planSlots(random, AGENCIES[0] as AgencyProfile, embCases), ...planSlots(random, AGENCIES[1] as AgencyProfile, trafficCases)];

  const workdays = workingDaysBetween(calendar, period.from, period.to);
  const tally = new Tally();
  const keyPrefix = `demo-${periodName(period)}-${seed}-${options.cases}`;
  const dated = slots.map((slot, index) => ({ slot, index, opens: random.int(0, latestOpening(slot, workdays.length)) }));
  dated.sort((a, b) => a.opens - b.opens || a.index - b.index);

  const cases: PlannedCase[] = [];
  const decisions: { agency: AgencyProfile; series: keyof AgencyProfile['series']; at: string; body: { decisionNumber: string } }[] = [];
  dated.forEach(({ slot, opens }, position) => {
    const caseRef = `c${String(position + 1).padStart(5, '0')}`;
    const caseRandom = new Random(seed, `case-${position}`);
    // A case that would run past the period's end opens earlier instead.
    for (let attempt = 0, index = opens; ; attempt += 1, index = Math.floor(index * 0.7)) {
      const builder = new CaseDraft(caseRef, slot, calendar, caseRandom, workdays[index] as CalendarDate, roster, parties, keyPrefix);
      buildCase(builder);
      if (builder.lastDate <= period.to || attempt >= 10) {
        if (builder.lastDate > period.to) throw new Error(`case ${caseRef} does not fit in ${periodName(period)}`);
        cases.push({ ref: caseRef, agencyId: slot.agency.agencyId, kind: slot.kind, openedOn: workdays[index] as CalendarDate, requests: builder.requests });
        decisions.push(...builder.decisions.map((d) => ({ ...d, agency: slot.agency })));
        builder.count(tally);
        break;
      }
    }
  });

  // Numbers run per agency, series and year in the order the decisions were made.
  decisions.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const counters = new Map<string, number>();
  for (const decision of decisions) {
    const prefix = decision.agency.series[decision.series];
    const year = decision.at.slice(0, 4);
    const n = (counters.get(`${prefix}${year}`) ?? 0) + 1;
    counters.set(`${prefix}${year}`, n);
    decision.body.decisionNumber = `${prefix}〔${year}〕${n}号`;
  }

  return {
    seed,
    period,
    agencies: AGENCIES.map((a) => ({ agencyId: a.agencyId, name: a.name })),
    officers: roster.officers,
    actors: actorsOf(roster),
    setup: setupRequests(roster, seed),
    cases,
    showcase: showcaseOf(),
    expected: {
      ...tally.figures(),
      certifiedOfficers: roster.officers.filter((o) => o.roles.includes('officer')).length,
      reviewers: roster.officers.filter((o) => o.roles.includes('reviewer')).length,
    },
  };
}

/** The last working-day index a case of this kind may open on and still end within the period. */
function latestOpening(slot: Slot, workdays: number): number {
  const span = { no_hazards: 5, rectified: 35, simple: 30, no_penalty: 60, general: 90 }[slot.kind];
  return Math.max(0, workdays - 1 - span);
}

/** Counts by share, at least `min` of a rare outcome once there are enough cases, the rest `rest`; shuffled. */
function quota<T>(random: Random, n: number, shares: readonly (readonly [T, number, number])[], rest: T): T[] {
  const out: T[] = [];
  for (const [value, share, min] of shares) {
    const count = Math.min(n - out.length, Math.max(n >= 3 ? min : 0, Math.round(n * share)));
    for (let i = 0; i < count; i += 1) out.push(value);
  }
  while (out.length < n) out.push(rest);
  return random.shuffle(out);
}

function planSlots(random: Random, agency: AgencyProfile, n: number): Slot[] {
  const emb = agency.agencyId === EMB;
  const kinds = emb
    ? quota<CaseKind>(random, n, [['general', 0.1, 3], ['simple', 0.05, 2], ['no_penalty', 0.03, 1], ['no_hazards', 0.16, 1]], 'rectified')
    : quota<CaseKind>(random, n, [['general', 0.15, 3], ['simple', 0.25, 2], ['no_hazards', 0.25, 1]], 'rectified');
  const of = (kind: CaseKind) => kinds.filter((k) => k === kind).length;
  const penalties = of('general') + of('simple');
  const reviewed = of('general') + of('no_penalty');
  const fates = quota<Fate>(random, penalties, [['never', 0.03, 1], ['late', 0.1, 1]], 'on_time');
  const discretions = quota<Discretion>(random, of('general'), [['lighter', 0.18, 1], ['mitigated', 0.06, 0]], 'standard');
  const returns = quota<boolean>(random, reviewed, [[true, 0.1, emb ? 1 : 0]], false);
  const majors = quota<boolean>(random, of('general') + of('rectified'), [[true, emb ? 0.04 : 0, emb ? 1 : 0]], false);
  const detentions = quota<boolean>(random, of('general'), [[true, emb ? 0 : 0.1, emb ? 0 : 1]], false);
  return kinds.map((kind) => {
    const penalized = kind === 'general' || kind === 'simple';
    return {
      agency,
      kind,
      major: kind === 'general' || kind === 'rectified' ? (majors.pop() ?? false) : false,
      fate: penalized ? (fates.pop() ?? 'on_time') : 'never',
      discretion: kind === 'general' ? (discretions.pop() ?? 'standard') : 'standard',
      returned: kind === 'general' || kind === 'no_penalty' ? (returns.pop() ?? false) : false,
      detention: kind === 'general' ? (detentions.pop() ?? false) : false,
    };
  });
}

function setupRequests(roster: Roster, seed: number): PlannedRequest[] {
  const agencies: PlannedRequest[] = AGENCIES.map((agency) => ({
    method: 'PUT',
    path: `/api/agencies/${agency.agencyId}`,
    actor: 'admin',
    body: { name: agency.name, shortName: agency.shortName, creditCode: agency.creditCode, powers: [...agency.powers] },
    idempotencyKey: null,
  }));
  const officers: PlannedRequest[] = roster.officers.map((officer) => ({
    method: 'POST',
    path: '/api/officers',
    actor: 'admin',
    body: {
      name: officer.name,
      agency: officer.agencyId,
      roles: [...officer.roles],
      certificate: { number: officer.certificateNumber, validFrom: roster.validFrom[officer.key] ?? '', validUntil: roster.validUntil[officer.key] ?? '' },
    },
    idempotencyKey: `demo-${seed}-officer-${officer.key}`,
    captures: { [`officer.${officer.key}`]: 'officerId' },
  }));
  return [...agencies, ...officers];
}

function actorsOf(roster: Roster): Record<string, DemoActor> {
  const actors: Record<string, DemoActor> = { admin: RECORDING_ADMIN };
  for (const officer of roster.officers) {
    actors[officer.key] = { sub: ref(`officer.${officer.key}`), name: officer.name, agency: officer.agencyId, roles: officer.roles };
  }
  const others: Partial<Record<Role, DemoActor>> = {
    district: { sub: 'demo-district', name: '区政府执法监督科', agency: DISTRICT, roles: ['district'] },
    admin: { sub: 'demo-emb-admin', name: '区应急管理局系统管理员', agency: EMB, roles: ['admin'] },
    auditor: { sub: 'demo-auditor', name: '区审计局审计员', agency: EMB, roles: ['auditor'] },
  };
  for (const role of ROLES) {
    actors[`role-${role}`] = others[role] ?? { sub: `demo-${role}`, name: role, agency: EMB, roles: [role] };
  }
  return actors;
}

function showcaseOf(): Record<Role, string> {
  const officers: Partial<Record<Role, string>> = { officer: 'emb-officer-01', head: 'emb-director', reviewer: 'emb-reviewer-1' };
  return Object.fromEntries(ROLES.map((role) => [role, officers[role] ?? `role-${role}`])) as Record<Role, string>;
}

/** The figures of the statistics report the plan produces, counted as the plan is laid out. */
class Tally {
  private readonly counts = new Map<Figure, number>();
  private readonly penalized = new Set<string>();

  add(figure: Figure, amount = 1): void {
    this.counts.set(figure, (this.counts.get(figure) ?? 0) + amount);
  }

  party(key: string): void {
    this.penalized.add(key);
  }

  figures(): Record<Figure, number> {
    const figures = Object.fromEntries(EXPECTED_FIGURES.map((figure) => [figure, this.counts.get(figure) ?? 0])) as Record<Figure, number>;
    figures.partiesPenalized = this.penalized.size;
    return figures;
  }
}
