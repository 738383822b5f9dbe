import type { WorkingCalendar } from '../calendar/domain/calendar.js';
import { officialCalendar } from '../calendar/domain/official-notices.js';
import type { Penalty } from '../cases/domain/penalties.js';
import { endOfPeriod, isHearingEligible, ruleSetOn, surchargeFen } from '../cases/domain/rule-sets.js';
import { ROLES, type Role } from '../shared/domain/roles.js';
import type { CalendarDate } from '../shared/domain/calendar-date.js';
import {
  CAMPAIGNS,
  DISCRETION_REASONS,
  DRUNK_DRIVING,
  EMB_VIOLATIONS,
  EVIDENCE,
  GENERAL_HAZARDS,
  type HazardText,
  INSPECTION_SUMMARIES,
  MAJOR_HAZARDS,
  RETURN_NOTES,
  STATEMENTS,
  TRAFFIC_HAZARDS,
  TRAFFIC_SUMMARIES,
  TRAFFIC_VIOLATIONS,
} from './content.js';
import { TOWNSHIPS } from './identities.js';
import { type Body, type CaseKind, type DemoActor, type DemoPlan, EXPECTED_FIGURES, type Figure, type PlannedCase, type PlannedRequest, ref } from './plan-types.js';
import { Random } from './random.js';
import {
  AGENCIES,
  type AgencyProfile,
  DISTRICT,
  EMB,
  type Parties,
  type PlannedParty,
  type Roster,
  TRAFFIC,
  planParties,
  planRoster,
} from './roster.js';
import { Timeline, daysBetween, plusDays, workingDayFrom, workingDaysBetween } from './timeline.js';

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

const ALL_CLEAR = Object.fromEntries(
  ['subject', 'authority', 'procedure', 'facts', 'evidence', 'lawApplication', 'discretion', 'documents', 'crimeTransfer'].map((point) => [
    point,
    { ok: true },
  ]),
) as Record<string, Body>;

type Fate = 'on_time' | 'late' | 'never';
type Discretion = 'standard' | 'lighter' | 'mitigated';

/** What is decided for a case before its steps are laid out, so that rare outcomes appear even in a small demo. */
interface Slot {
  readonly agency: AgencyProfile;
  readonly kind: CaseKind;
  readonly major: boolean;
  readonly fate: Fate;
  readonly discretion: Discretion;
  readonly returned: boolean;
  readonly detention: boolean;
}

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
      const builder = new CaseBuilder(caseRef, slot, calendar, caseRandom, workdays[index] as CalendarDate, roster, parties, keyPrefix);
      builder.build();
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

const yuan = (amount: number): number => amount * 100;

/** Lays out one case's requests on its timeline. */
class CaseBuilder {
  readonly requests: PlannedRequest[] = [];
  readonly decisions: { series: keyof AgencyProfile['series']; at: string; body: { decisionNumber: string } }[] = [];
  lastDate: CalendarDate;
  private readonly t: Timeline;
  private readonly staff: { heads: string[]; investigators: string[]; reviewers: string[] };
  private readonly facts: (readonly [Figure, number])[] = [];
  private penalizedParty: string | null = null;
  private officers: string[] = [];
  private party!: PlannedParty;
  private hazards = 0;

  constructor(
    private readonly ref: string,
    private readonly slot: Slot,
    private readonly calendar: WorkingCalendar,
    private readonly random: Random,
    opensOn: CalendarDate,
    roster: Roster,
    private readonly parties: Parties,
    private readonly keyPrefix: string,
  ) {
    this.t = new Timeline(calendar, random, opensOn);
    this.lastDate = opensOn;
    const staff = roster.byAgency[slot.agency.agencyId];
    if (!staff) throw new Error(`no staff for ${slot.agency.agencyId}`);
    this.staff = staff;
  }

  count(tally: Tally): void {
    for (const [figure, amount] of this.facts) tally.add(figure, amount);
    if (this.penalizedParty) tally.party(this.penalizedParty);
  }

  build(): void {
    const traffic = this.slot.agency.agencyId === TRAFFIC;
    const roadside = traffic && (this.slot.kind === 'simple' || (this.slot.kind === 'general' && (this.slot.detention || this.random.chance(0.6))));
    this.party = this.pickParty(traffic, roadside);
    this.officers = this.random.sample(this.staff.investigators, this.random.chance(0.85) ? 2 : 3);
    this.open(traffic, roadside);
    switch (this.slot.kind) {
      case 'no_hazards':
        this.close(0, 3);
        return;
      case 'rectified': {
        const hazards = this.findHazards(traffic, this.random.weighted([[1, 35], [2, 35], [3, 20], [4, 10]]));
        this.rectify(hazards);
        this.close(0, 2);
        return;
      }
      case 'simple':
        this.simple(traffic, roadside);
        return;
      case 'no_penalty':
        this.noPenalty();
        return;
      case 'general':
        this.general(traffic, roadside);
        return;
    }
  }

  // ---- the flows

  private simple(traffic: boolean, roadside: boolean): void {
    if (!roadside) {
      const [hazard] = this.findHazards(traffic, 1);
      this.post(this.lead, 'rectification-orders', { hazardIds: [hazard as Body], mode: 'on_the_spot' }, this.t.minutes(5, 20));
      this.post(this.lead, 'rectification-checks', { hazardIds: [hazard as Body], result: 'rectified' }, this.t.minutes(20, 90));
      this.fact('hazardsRectified', 1);
    }
    const person = this.party.kind === 'person';
    const fine = this.random.chance(0.35)
      ? null
      : person
        ? yuan(this.random.pick(traffic ? [50, 100, 150, 200] : [100, 200]))
        : yuan(this.random.int(5, 30) * 100);
    const penalties: Penalty[] = fine === null ? [{ type: 'warning' }] : [{ type: 'fine', amountFen: fine }];
    const decidedAt = this.t.minutes(5, 20).at();
    this.decide(this.lead, 'simple', { procedure: 'simple', outcome: 'penalty', penalties, discretion: 'standard' }, decidedAt);
    this.penalize(penalties, 'standard');
    this.post(this.lead, 'delivery', { method: 'in_person' }, this.t.minutes(2, 10));
    if (fine !== null) this.post(this.lead, 'payments', { amountFen: fine }, this.t.workingDays(0, 5));
    this.close(0, 3);
    this.publish(decidedAt);
  }

  private noPenalty(): void {
    const hazards = this.findHazards(false, this.random.int(1, 2));
    this.order(hazards, 'time_limited');
    this.check(hazards, 'rectified');
    const violation = this.random.pick(EMB_VIOLATIONS.slice(0, 7));
    this.post(this.lead, 'filing', {
      procedure: 'general',
      violations: [{ description: violation.description, legalBasis: violation.legalBasis }],
      approvedBy: this.officer(this.head),
    }, this.t.workingDays(1, 3));
    this.evidence(this.random.int(1, 2));
    this.review({ outcome: 'no_penalty', penalties: [], discretion: 'standard' });
    const reason = this.random.chance(0.6) ? 'first_violation' : 'minor_corrected';
    this.decide(this.head, 'none', { outcome: 'no_penalty', noPenaltyReason: reason }, this.t.workingDays(1, 3).at());
    this.fact('noPenaltyAfterRectification', 1);
    this.post(this.lead, 'delivery', { method: this.deliveryMethod() }, this.t.workingDays(0, 3));
    this.close(0, 2);
  }

  private general(traffic: boolean, roadside: boolean): void {
    let unrectified: Body[] = [];
    if (!roadside) {
      const hazards = this.findHazards(traffic, this.random.weighted([[1, 40], [2, 40], [3, 20]]));
      this.order(hazards, 'time_limited');
      const rectified = !this.slot.major && this.random.chance(0.5);
      this.check(hazards, rectified ? 'rectified' : 'not_rectified');
      if (!rectified) unrectified = hazards;
    }
    const complex = !traffic && this.random.chance(0.08);
    const person = this.party.kind === 'person';
    const violation = this.pickViolation(traffic, person);
    this.post(this.lead, 'filing', {
      procedure: 'general',
      violations: [{ description: violation.description, legalBasis: violation.legalBasis }],
      approvedBy: this.officer(this.head),
      ...(complex ? { complex: true } : {}),
    }, this.t.workingDays(roadside ? 0 : 1, 3));
    const filedOn = this.t.date;
    this.evidence(this.random.int(1, 3));

    const noticed = this.penaltiesFor(traffic, person, violation.fineRange);
    const discretion = this.slot.discretion;
    const reason = discretion === 'standard' ? null : this.random.pick(DISCRETION_REASONS[discretion]);
    const noticeAt = this.t.workingDays(2, 8);
    const noticedOn = noticeAt.date;
    this.post(this.lead, 'penalty-notice', {
      penalties: noticed,
      discretion,
      ...(reason ? { discretionReason: reason } : {}),
      legalBasis: violation.penaltyBasis,
    }, noticeAt);
    const rules = ruleSetOn(noticedOn);
    const eligible = isHearingEligible(noticed, this.party.kind, rules);
    const statementEnds = endOfPeriod(this.calendar, noticedOn, rules.statementPeriod).deadline;
    const hearingRequestEnds = endOfPeriod(this.calendar, noticedOn, rules.hearingRequestPeriod).deadline;

    // The party's rights: waived, a statement, a hearing; the decision waits for them to run their course.
    let rightsEnd: CalendarDate = eligible ? hearingRequestEnds : statementEnds;
    let stated = false;
    const rights = this.random.weighted([['waived', 15], ['statement', 40], ['silent', 45]] as const);
    if (rights === 'waived') {
      this.post(this.lead, 'statements', { summary: '当事人放弃陈述、申辩和听证的权利', waived: true }, this.t.workingDays(0, 1));
      rightsEnd = this.t.date;
    } else {
      if (rights === 'statement') {
        this.post(this.lead, 'statements', { summary: this.random.pick(STATEMENTS) }, this.t.workingDays(1, rules.statementPeriod.days));
        stated = true;
      }
      if (eligible && this.random.chance(0.35)) {
        this.t.on(this.calendar.addWorkingDays(noticedOn, this.random.int(1, rules.hearingRequestPeriod.days)).deadline);
        if (this.t.date > hearingRequestEnds) this.t.on(hearingRequestEnds);
        this.post(this.lead, 'hearing-requests', {}, this.t);
        const chair = this.random.pick(this.staff.investigators.filter((key) => !this.officers.includes(key)));
        this.post(this.lead, 'hearings', {
          chairOfficerId: this.officer(chair),
          summary: '听证会在本机关会议室公开举行，当事人及其委托代理人到场陈述申辩，调查人员出示了证据',
        }, this.t.workingDays(5, 10));
        stated = true;
        rightsEnd = this.t.date;
      }
    }

    // After hearing the party, the head may settle for less than the notice said, never for more.
    let decided = noticed;
    let decidedDiscretion: Discretion = discretion;
    let decidedReason: string | null = reason;
    if (stated && !this.slot.detention && this.random.chance(0.3)) {
      const share = this.random.int(70, 90);
      decided = noticed.map((p): Penalty =>
        p.type === 'fine' ? { type: 'fine', amountFen: Math.max(yuan(100), Math.round((p.amountFen * share) / 100 / 10000) * 10000) } : p,
      );
      if (decidedDiscretion === 'standard') {
        decidedDiscretion = 'lighter';
        decidedReason = '采纳当事人陈述申辩意见，依法从轻处罚';
      }
    }
    this.t.on(plusDays(rightsEnd, 1));
    const proposal = {
      outcome: 'penalty',
      penalties: decided as Body,
      discretion: decidedDiscretion,
      ...(decidedReason ? { discretionReason: decidedReason } : {}),
    };
    this.review(proposal);
    if (eligible || complex) {
      const participants = [...this.staff.heads, ...this.random.sample(this.officers, 1)];
      this.post(this.head, 'collective-discussions', {
        participantIds: participants.map((key) => this.officer(key)),
        conclusion: '经集体讨论，同意按拟处罚意见作出行政处罚决定',
      }, this.t.workingDays(0, 2));
    }
    const decisionAt = this.t.workingDays(0, 2);
    const deadline = this.calendar.addCalendarDays(filedOn, ruleSetOn(filedOn).decisionPeriodDays).deadline;
    if (decisionAt.date > deadline) this.extendDecisionPeriod();
    const decidedAt = decisionAt.at();
    this.decide(this.head, 'general', {
      outcome: 'penalty',
      penalties: decided,
      discretion: decidedDiscretion,
      ...(decidedReason ? { discretionReason: decidedReason } : {}),
    }, decidedAt);
    this.penalize(decided, decidedDiscretion);
    this.post(this.lead, 'delivery', { method: this.deliveryMethod() }, this.t.workingDays(0, 3));
    this.pay(decided, this.t.date);
    if (unrectified.length > 0 && this.random.chance(0.7)) {
      this.post(this.lead, 'rectification-checks', { hazardIds: unrectified, result: 'rectified' }, this.t.workingDays(0, 3));
      this.fact('hazardsRectified', unrectified.length);
    }
    this.close(0, 3);
    this.publish(decidedAt);
  }

  // ---- steps

  private open(traffic: boolean, roadside: boolean): void {
    const party = this.party;
    const source = traffic
      ? roadside
        ? 'routine'
        : this.random.weighted([['routine', 60], ['special_campaign', 30], ['complaint', 10]] as const)
      : this.random.weighted([['routine', 40], ['random_draw', 25], ['special_campaign', 20], ['complaint', 8], ['referral', 5], ['accident', 2]] as const);
    const summaries = traffic ? TRAFFIC_SUMMARIES[roadside ? 'roadside' : source === 'special_campaign' ? 'special_campaign' : 'routine'] : INSPECTION_SUMMARIES[source];
    const location = roadside
      ? `重庆市大足区${this.random.pick(TOWNSHIPS)}${this.random.pick(['G85渝昆高速大足收费站', '双桥大道', '五星大道', '国道319线', '龙水湖旅游环线', '宝顶山景区路口'])}`
      : party.kind === 'organization'
        ? `${party.address}${this.random.pick(['生产车间', '仓库', '厂区', '办公楼及生产区', '车辆停放场'])}`
        : party.address;
    this.post(this.lead, '', {
      source,
      ...(source === 'special_campaign' && !traffic ? { campaign: this.random.pick(CAMPAIGNS) } : {}),
      party: this.partyBody(),
      officerIds: this.officers.map((key) => this.officer(key)),
      location,
      summary: this.random.pick(summaries),
    }, this.t, { [`${this.ref}.case`]: 'caseId' });
    this.fact('inspections', 1);
  }

  private findHazards(traffic: boolean, n: number): Body[] {
    const sector = this.party.kind === 'organization' ? this.party.sector : null;
    const fits = (list: readonly HazardText[]) => list.filter((h) => !h.sectors || (sector !== null && h.sectors.includes(sector)));
    const general = this.random.sample(fits(traffic ? TRAFFIC_HAZARDS : GENERAL_HAZARDS), n);
    const found: Body[] = [];
    general.forEach((hazard, i) => {
      const major = this.slot.major && i === 0;
      const text = major ? this.random.pick(fits(MAJOR_HAZARDS).length > 0 ? fits(MAJOR_HAZARDS) : MAJOR_HAZARDS) : hazard;
      const name = `${this.ref}.hazard.${this.hazards}`;
      this.hazards += 1;
      this.post(this.lead, 'hazards', {
        description: text.description,
        severity: major ? 'major' : 'general',
        legalBasis: text.legalBasis,
      }, this.t.minutes(10, 40), { [name]: 'hazardId' });
      this.fact('hazards', 1);
      if (major) this.fact('hazardsMajor', 1);
      found.push(ref(name));
    });
    return found;
  }

  private rectify(hazards: Body[]): void {
    if (this.slot.major || this.random.chance(0.55)) {
      this.order(hazards, 'time_limited');
      this.check(hazards, 'rectified');
      return;
    }
    if (hazards.length > 1 && this.random.chance(0.3)) {
      const [first, ...rest] = hazards;
      this.order([first as Body], 'on_the_spot');
      this.check([first as Body], 'rectified');
      this.order(rest, 'time_limited');
      this.check(rest, 'rectified');
      return;
    }
    this.order(hazards, 'on_the_spot');
    this.check(hazards, 'rectified');
  }

  private dueDate: CalendarDate | null = null;

  private order(hazards: Body[], mode: 'on_the_spot' | 'time_limited'): void {
    this.t.minutes(5, 30);
    this.dueDate = mode === 'time_limited' ? plusDays(this.t.date, this.slot.major ? this.random.int(20, 45) : this.random.int(7, 30)) : null;
    this.post(this.lead, 'rectification-orders', { hazardIds: hazards, mode, ...(this.dueDate ? { dueDate: this.dueDate } : {}) }, this.t);
  }

  private check(hazards: Body[], result: 'rectified' | 'not_rectified'): void {
    if (this.dueDate === null) this.t.minutes(30, 120);
    else if (result === 'not_rectified') this.t.on(plusDays(this.dueDate, 1));
    else {
      // Checked when the enterprise reports the work done: some days before the due date, or on it.
      const early = this.calendar.addWorkingDays(this.t.date, this.random.int(3, 15)).deadline;
      this.t.on(early < this.dueDate ? early : this.dueDate);
    }
    this.post(this.lead, 'rectification-checks', { hazardIds: hazards, result }, this.t);
    if (result === 'rectified') this.fact('hazardsRectified', hazards.length);
    this.dueDate = null;
  }

  private evidence(n: number): void {
    const agency = this.slot.agency.agencyId;
    for (const [i, item] of this.random.sample(EVIDENCE, n).entries()) {
      this.t.workingDays(0, 1);
      const day = this.t.date.replaceAll('-', '/');
      this.post(this.lead, 'evidence', {
        kind: item.kind,
        sha256: this.random.hex(64),
        sizeBytes: item.kind === 'video' ? this.random.int(50, 900) * 1_048_576 : this.random.int(80, 4000) * 1024,
        uri: `evidence://${agency}/${day}/${this.ref}-${i + 1}.${item.extension}`,
        capturedBy: this.officer(this.lead),
        description: item.description,
      }, this.t);
    }
  }

  private review(proposal: Record<string, Body>): void {
    const reviewer = this.random.pick(this.staff.reviewers);
    const reviewPath = `/api/reviews/{${this.ref}.review}/opinion`;
    this.post(this.lead, 'legal-review', { proposedDecision: proposal }, this.t.workingDays(0, 1), { [`${this.ref}.review`]: 'reviewId' });
    this.fact('legalReviewsSubmitted', 1);
    if (this.slot.returned) {
      const problem = this.random.pick(RETURN_NOTES);
      this.postTo(reviewer, reviewPath, {
        outcome: 'returned',
        findings: { ...ALL_CLEAR, [problem.point]: { ok: false, note: problem.note } },
        opinion: `退回补充：${problem.note}`,
      }, this.t.workingDays(1, 3));
      this.fact('legalReviewsReturned', 1);
      this.evidence(1);
      this.post(this.lead, 'legal-review', { proposedDecision: proposal }, this.t.workingDays(0, 1));
      this.fact('legalReviewsSubmitted', 1);
    }
    this.postTo(reviewer, reviewPath, { outcome: 'approved', findings: ALL_CLEAR, opinion: '经审核，主体适格，事实清楚，证据确凿，程序合法，适用依据正确，裁量适当，同意' }, this.t.workingDays(1, 3));
    this.fact('legalReviewsApproved', 1);
  }

  private extendDecisionPeriod(): void {
    // Approved before the period ran out: right after the notice, at the notice's instant.
    const index = this.requests.findIndex((r) => r.path.endsWith('/penalty-notice'));
    const before = this.requests[index] as PlannedRequest;
    this.requests.splice(index + 1, 0, {
      method: 'POST',
      path: `/api/cases/{${this.ref}.case}/decision-extensions`,
      actor: this.head,
      body: { occurredAt: (before.body as { occurredAt: string }).occurredAt, days: 30, reason: '案情复杂，经负责人批准延长办案期限' },
      idempotencyKey: `${this.keyPrefix}-${this.ref}-x`,
    });
  }

  private decide(actor: string, series: keyof AgencyProfile['series'], fields: Record<string, Body>, at: string): void {
    const body = { occurredAt: at, decisionNumber: '', ...fields } as { decisionNumber: string } & Record<string, Body>;
    this.push(actor, `/api/cases/{${this.ref}.case}/decision`, body, at);
    this.decisions.push({ series, at, body });
  }

  private penalize(penalties: readonly Penalty[], discretion: Discretion): void {
    this.penalizedParty = this.party.kind === 'organization' ? `org:${this.party.creditCode}` : `person:${this.party.idNumber}`;
    for (const penalty of penalties) {
      switch (penalty.type) {
        case 'warning':
          this.fact('warnings', 1);
          break;
        case 'fine':
          this.fact('finesFen', penalty.amountFen);
          break;
        case 'confiscation':
          this.fact('confiscations', 1);
          this.fact('confiscatedFen', penalty.amountFen);
          break;
        case 'suspension_order':
          this.fact('productionSuspensions', 1);
          break;
        case 'licence_suspension':
        case 'licence_revocation':
          this.fact('licencesSuspendedOrRevoked', 1);
          break;
        case 'detention':
          this.fact('detentions', 1);
          break;
        case 'detention_referral':
          break;
      }
    }
    if (discretion !== 'standard') this.fact('lighterOrMitigated', 1);
  }

  /** Most pay within the 15 days; some late, with the surcharge of APL Art. 72 counted as the server counts it. */
  private pay(penalties: readonly Penalty[], deliveredOn: CalendarDate): void {
    const principal = penalties.reduce((sum, p) => (p.type === 'fine' || p.type === 'confiscation' ? sum + p.amountFen : sum), 0);
    if (principal === 0) return;
    const fine = penalties.reduce((sum, p) => (p.type === 'fine' ? sum + p.amountFen : sum), 0);
    const rules = ruleSetOn(deliveredOn);
    const due = this.calendar.addCalendarDays(deliveredOn, rules.paymentCalendarDays).deadline;
    if (this.random.chance(0.08)) {
      const paidOn = workingDayFrom(this.calendar, plusDays(due, this.random.int(2, 20)));
      this.t.on(paidOn);
      const surcharge = surchargeFen(fine, daysBetween(due, paidOn), ruleSetOn(this.decidedOn ?? deliveredOn));
      this.post(this.lead, 'payments', { amountFen: principal + surcharge }, this.t);
      return;
    }
    const paidOn = this.calendar.addWorkingDays(deliveredOn, this.random.int(1, 8)).deadline;
    this.t.on(paidOn <= due ? paidOn : deliveredOn);
    this.post(this.lead, 'payments', { amountFen: principal }, this.t);
  }

  private get decidedOn(): CalendarDate | null {
    const at = this.decisions.at(-1)?.at;
    return at ? at.slice(0, 10) : null;
  }

  private close(min: number, max: number): void {
    this.post(this.head, 'closure', {}, this.t.workingDays(min, max));
  }

  /** Publication (公示) within 7 working days of the decision: on its own stream, prepared by the server. */
  private publish(decidedAt: string): void {
    const decidedOn = decidedAt.slice(0, 10);
    const due = this.calendar.addWorkingDays(decidedOn, 7).deadline;
    if (this.slot.fate === 'never') {
      this.lastDate = due > this.lastDate ? due : this.lastDate;
      this.fact('publicationsOverdue', 1);
      return;
    }
    const day = this.calendar.addWorkingDays(decidedOn, this.slot.fate === 'on_time' ? this.random.int(1, 7) : this.random.int(9, 20)).deadline;
    const at = new Timeline(this.calendar, this.random, day);
    this.requests.push({
      method: 'POST',
      path: `/api/publications/{${this.ref}.case}/publish`,
      actor: this.random.chance(0.8) ? this.lead : this.head,
      body: { occurredAt: at.at() },
      idempotencyKey: `${this.keyPrefix}-${this.ref}-p`,
      awaitsReactor: true,
    });
    if (day > this.lastDate) this.lastDate = day;
    this.fact(this.slot.fate === 'on_time' ? 'publicationsOnTime' : 'publicationsLate', 1);
  }

  // ---- parts

  private get lead(): string {
    return this.officers[0] as string;
  }

  private get head(): string {
    return this.staff.heads[this.ref.charCodeAt(this.ref.length - 1) % this.staff.heads.length] as string;
  }

  private officer(key: string): Body {
    return ref(`officer.${key}`);
  }

  private pickParty(traffic: boolean, roadside: boolean): PlannedParty {
    if (traffic) return this.random.pick(roadside ? this.parties.drivers : this.parties.carriers);
    if (this.slot.kind === 'no_hazards' || this.slot.kind === 'rectified' || this.slot.kind === 'simple') {
      if (this.random.chance(0.08)) return this.random.pick(this.parties.businesses);
    } else if (!this.slot.major && this.random.chance(0.05)) {
      return this.random.pick(this.parties.businesses);
    }
    const fit = this.parties.enterprises.filter((p) => !this.slot.major || (p.kind === 'organization' && ['hardware', 'auto_parts', 'casting', 'food', 'chemicals', 'mining'].includes(p.sector)));
    return this.random.pick(fit.length > 0 ? fit : this.parties.enterprises);
  }

  private partyBody(): Body {
    const party = this.party;
    return party.kind === 'organization'
      ? { kind: 'organization', name: party.name, creditCode: party.creditCode, legalRepresentative: party.legalRepresentative }
      : {
          kind: 'person',
          name: party.business ? `${party.name}（${party.business}经营者）` : party.name,
          idNumber: party.idNumber,
          phone: party.phone,
          address: party.address,
        };
  }

  private pickViolation(traffic: boolean, person: boolean): { description: string; legalBasis: string; penaltyBasis: string; fineRange: readonly [number, number] } {
    if (traffic) {
      const text = this.slot.detention ? DRUNK_DRIVING : this.random.pick(TRAFFIC_VIOLATIONS.filter((v) => v.party === (person ? 'person' : 'organization')));
      return { description: text.description, legalBasis: text.legalBasis, penaltyBasis: text.legalBasis, fineRange: person ? [500, 2000] : [2000, 20_000] };
    }
    const list = this.slot.major ? EMB_VIOLATIONS.slice(-1) : EMB_VIOLATIONS.slice(0, -1);
    const text = this.random.pick(list);
    return person ? { ...text, fineRange: [2000, 20_000] } : text;
  }

  /** Fines of a few thousand to a few hundred thousand yuan, rounded as decisions round them. */
  private penaltiesFor(traffic: boolean, person: boolean, [min, max]: readonly [number, number]): Penalty[] {
    if (traffic && this.slot.detention) {
      return [
        { type: 'detention', days: 15 },
        { type: 'fine', amountFen: yuan(5000) },
        { type: 'licence_revocation', licence: `机动车驾驶证 ${this.party.kind === 'person' ? this.party.idNumber : ''}` },
      ];
    }
    const discretion = this.slot.discretion;
    const low = discretion === 'mitigated' ? min * 0.5 : min;
    const high = discretion === 'lighter' ? min + (max - min) * 0.3 : discretion === 'mitigated' ? min * 0.9 : max;
    // Log-uniform: most fines sit at the low end of their range.
    const raw = Math.exp(Math.log(low) + this.random.next() * (Math.log(high) - Math.log(low)));
    const step = raw >= 10_000 ? 1000 : 100;
    const fine = Math.max(step, Math.round(raw / step) * step);
    const penalties: Penalty[] = [];
    if (this.random.chance(0.12)) penalties.push({ type: 'warning' });
    penalties.push({ type: 'fine', amountFen: yuan(fine) });
    if (!traffic && !person && this.slot.major && this.random.chance(0.5)) penalties.push({ type: 'suspension_order' });
    if (!traffic && !person && this.random.chance(0.03)) penalties.push({ type: 'confiscation', amountFen: yuan(this.random.int(5, 50) * 1000) });
    if (traffic && person && this.random.chance(0.3)) {
      penalties.push({ type: 'licence_suspension', licence: `机动车驾驶证 ${this.party.kind === 'person' ? this.party.idNumber : ''}` });
    }
    return penalties;
  }

  private deliveryMethod(): string {
    return this.random.weighted([['in_person', 70], ['post', 15], ['electronic', 10], ['left_at_address', 5]] as const);
  }

  private fact(figure: Figure, amount: number): void {
    this.facts.push([figure, amount]);
  }

  private post(actor: string, step: string, fields: Record<string, Body>, at: Timeline, captures?: Record<string, string>): void {
    const path = step === '' ? '/api/cases' : `/api/cases/{${this.ref}.case}/${step}`;
    this.push(actor, path, { occurredAt: at.at(), ...fields }, at.at(), captures);
  }

  private postTo(actor: string, path: string, fields: Record<string, Body>, at: Timeline): void {
    this.push(actor, path, { occurredAt: at.at(), ...fields }, at.at());
  }

  private push(actor: string, path: string, body: Record<string, Body>, at: string, captures?: Record<string, string>): void {
    this.requests.push({
      method: 'POST',
      path,
      actor,
      body,
      idempotencyKey: `${this.keyPrefix}-${this.ref}-${this.requests.length}`,
      ...(captures ? { captures } : {}),
    });
    const date = at.slice(0, 10);
    if (date > this.lastDate) this.lastDate = date;
  }
}
