import { CAMPAIGNS, GENERAL_HAZARDS, type HazardText, INSPECTION_SUMMARIES, MAJOR_HAZARDS, TRAFFIC_HAZARDS, TRAFFIC_SUMMARIES } from '../content.js';
import { TOWNSHIPS } from '../identities.js';
import { type Body, ref } from '../plan-types.js';
import type { PlannedParty } from '../roster.js';
import { plusDays } from '../timeline.js';
import type { CaseDraft } from './case-draft.js';

/** Inspection (检查), the hazards found (隐患) and their rectification (整改): the part of a case before any filing. */

export function pickParty(c: CaseDraft, traffic: boolean, roadside: boolean): PlannedParty {
  if (traffic) return c.random.pick(roadside ? c.parties.drivers : c.parties.carriers);
  if (c.slot.kind === 'no_hazards' || c.slot.kind === 'rectified' || c.slot.kind === 'simple') {
    if (c.random.chance(0.08)) return c.random.pick(c.parties.businesses);
  } else if (!c.slot.major && c.random.chance(0.05)) {
    return c.random.pick(c.parties.businesses);
  }
  const fit = c.parties.enterprises.filter((p) => !c.slot.major || (p.kind === 'organization' && ['hardware', 'auto_parts', 'casting', 'food', 'chemicals', 'mining'].includes(p.sector)));
  return c.random.pick(fit.length > 0 ? fit : c.parties.enterprises);
}

function partyBody(party: PlannedParty): Body {
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

/** The inspection that opens the case. */
export function openCase(c: CaseDraft, traffic: boolean, roadside: boolean): void {
  const party = c.party;
  const source = traffic
    ? roadside
      ? 'routine'
      : c.random.weighted([['routine', 60], ['special_campaign', 30], ['complaint', 10]] as const)
    : c.random.weighted([['routine', 40], ['random_draw', 25], ['special_campaign', 20], ['complaint', 8], ['referral', 5], ['accident', 2]] as const);
  const summaries = traffic ? TRAFFIC_SUMMARIES[roadside ? 'roadside' : source === 'special_campaign' ? 'special_campaign' : 'routine'] : INSPECTION_SUMMARIES[source];
  const location = roadside
    ? `重庆市大足区${c.random.pick(TOWNSHIPS)}${c.random.pick(['G85渝昆高速大足收费站', '双桥大道', '五星大道', '国道319线', '龙水湖旅游环线', '宝顶山景区路口'])}`
    : party.kind === 'organization'
      ? `${party.address}${c.random.pick(['生产车间', '仓库', '厂区', '办公楼及生产区', '车辆停放场'])}`
      : party.address;
  c.post(c.lead, '', {
    source,
    ...(source === 'special_campaign' && !traffic ? { campaign: c.random.pick(CAMPAIGNS) } : {}),
    party: partyBody(party),
    officerIds: c.officers.map((key) => c.officer(key)),
    location,
    summary: c.random.pick(summaries),
  }, c.t, { [`${c.ref}.case`]: 'caseId' });
  c.fact('inspections', 1);
}

export function findHazards(c: CaseDraft, traffic: boolean, n: number): Body[] {
  const sector = c.party.kind === 'organization' ? c.party.sector : null;
  const fits = (list: readonly HazardText[]) => list.filter((h) => !h.sectors || (sector !== null && h.sectors.includes(sector)));
  const general = c.random.sample(fits(traffic ? TRAFFIC_HAZARDS : GENERAL_HAZARDS), n);
  const found: Body[] = [];
  general.forEach((hazard, i) => {
    const major = c.slot.major && i === 0;
    const text = major ? c.random.pick(fits(MAJOR_HAZARDS).length > 0 ? fits(MAJOR_HAZARDS) : MAJOR_HAZARDS) : hazard;
    const name = `${c.ref}.hazard.${c.hazards}`;
    c.hazards += 1;
    c.post(c.lead, 'hazards', {
      description: text.description,
      severity: major ? 'major' : 'general',
      legalBasis: text.legalBasis,
    }, c.t.minutes(10, 40), { [name]: 'hazardId' });
    c.fact('hazards', 1);
    if (major) c.fact('hazardsMajor', 1);
    found.push(ref(name));
  });
  return found;
}

/** Hazards put right without a case being filed: on the spot, within a time limit, or some of each. */
export function rectify(c: CaseDraft, hazards: Body[]): void {
  if (c.slot.major || c.random.chance(0.55)) {
    order(c, hazards, 'time_limited');
    check(c, hazards, 'rectified');
    return;
  }
  if (hazards.length > 1 && c.random.chance(0.3)) {
    const [first, ...rest] = hazards;
    order(c, [first as Body], 'on_the_spot');
    check(c, [first as Body], 'rectified');
    order(c, rest, 'time_limited');
    check(c, rest, 'rectified');
    return;
  }
  order(c, hazards, 'on_the_spot');
  check(c, hazards, 'rectified');
}

export function order(c: CaseDraft, hazards: Body[], mode: 'on_the_spot' | 'time_limited'): void {
  c.t.minutes(5, 30);
  c.dueDate = mode === 'time_limited' ? plusDays(c.t.date, c.slot.major ? c.random.int(20, 45) : c.random.int(7, 30)) : null;
  c.post(c.lead, 'rectification-orders', { hazardIds: hazards, mode, ...(c.dueDate ? { dueDate: c.dueDate } : {}) }, c.t);
}

export function check(c: CaseDraft, hazards: Body[], result: 'rectified' | 'not_rectified'): void {
  if (c.dueDate === null) c.t.minutes(30, 120);
  else if (result === 'not_rectified') c.t.on(plusDays(c.dueDate, 1));
  else {
    // Checked when the enterprise reports the work done: some days before the due date, or on it.
    const early = c.calendar.addWorkingDays(c.t.date, c.random.int(3, 15)).deadline;
    c.t.on(early < c.dueDate ? early : c.dueDate);
  }
  c.post(c.lead, 'rectification-checks', { hazardIds: hazards, result }, c.t);
  if (result === 'rectified') c.fact('hazardsRectified', hazards.length);
  c.dueDate = null;
}
