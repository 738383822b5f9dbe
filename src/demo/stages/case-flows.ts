import type { Penalty } from '../../cases/domain/penalties.js';
import { ruleSetOn } from '../../cases/domain/rule-sets.js';
import { EMB_VIOLATIONS } from '../content.js';
import type { Body } from '../plan-types.js';
import { TRAFFIC } from '../roster.js';
import { plusDays } from '../timeline.js';
import { type CaseDraft, yuan } from './case-draft.js';
import { closeCase, publish } from './closure.js';
import { decide, discussCollectively, extendDecisionPeriod, penalize, settle } from './decision.js';
import { deliveryMethod, pay } from './execution.js';
import { fileCase, gatherEvidence, pickViolation } from './filing.js';
import { check, findHazards, openCase, order, pickParty, rectify } from './inspection.js';
import { noticeAndHear } from './notice-hearing.js';
import { legalReview } from './review.js';

/** The course of each kind of case through the stages, from the inspection that opens it to its closure. */
export function buildCase(c: CaseDraft): void {
  const traffic = c.slot.agency.agencyId === TRAFFIC;
  const roadside = traffic && (c.slot.kind === 'simple' || (c.slot.kind === 'general' && (c.slot.detention || c.random.chance(0.6))));
  c.party = pickParty(c, traffic, roadside);
  c.officers = c.random.sample(c.staff.investigators, c.random.chance(0.85) ? 2 : 3);
  openCase(c, traffic, roadside);
  switch (c.slot.kind) {
    case 'no_hazards':
      closeCase(c, 0, 3);
      return;
    case 'rectified': {
      const hazards = findHazards(c, traffic, c.random.weighted([[1, 35], [2, 35], [3, 20], [4, 10]]));
      rectify(c, hazards);
      closeCase(c, 0, 2);
      return;
    }
    case 'simple':
      simpleProcedure(c, traffic, roadside);
      return;
    case 'no_penalty':
      noPenalty(c);
      return;
    case 'general':
      generalProcedure(c, traffic, roadside);
      return;
  }
}

/** Decided on the spot (当场处罚, APL Art. 51): a warning or a small fine. */
function simpleProcedure(c: CaseDraft, traffic: boolean, roadside: boolean): void {
  if (!roadside) {
    const [hazard] = findHazards(c, traffic, 1);
    c.post(c.lead, 'rectification-orders', { hazardIds: [hazard as Body], mode: 'on_the_spot' }, c.t.minutes(5, 20));
    c.post(c.lead, 'rectification-checks', { hazardIds: [hazard as Body], result: 'rectified' }, c.t.minutes(20, 90));
    c.fact('hazardsRectified', 1);
  }
  const person = c.party.kind === 'person';
  const fine = c.random.chance(0.35)
    ? null
    : person
      ? yuan(c.random.pick(traffic ? [50, 100, 150, 200] : [100, 200]))
      : yuan(c.random.int(5, 30) * 100);
  const penalties: Penalty[] = fine === null ? [{ type: 'warning' }] : [{ type: 'fine', amountFen: fine }];
  const decidedAt = c.t.minutes(5, 20).at();
  decide(c, c.lead, 'simple', { procedure: 'simple', outcome: 'penalty', penalties, discretion: 'standard' }, decidedAt);
  penalize(c, penalties, 'standard');
  c.post(c.lead, 'delivery', { method: 'in_person' }, c.t.minutes(2, 10));
  if (fine !== null) c.post(c.lead, 'payments', { amountFen: fine }, c.t.workingDays(0, 5));
  closeCase(c, 0, 3);
  publish(c, decidedAt);
}

/** Filed, reviewed and decided without a penalty: a first violation, or a minor one put right. */
function noPenalty(c: CaseDraft): void {
  const hazards = findHazards(c, false, c.random.int(1, 2));
  order(c, hazards, 'time_limited');
  check(c, hazards, 'rectified');
  const violation = c.random.pick(EMB_VIOLATIONS.slice(0, 7));
  fileCase(c, violation, c.t.workingDays(1, 3));
  gatherEvidence(c, c.random.int(1, 2));
  legalReview(c, { outcome: 'no_penalty', penalties: [], discretion: 'standard' });
  const reason = c.random.chance(0.6) ? 'first_violation' : 'minor_corrected';
  decide(c, c.head, 'none', { outcome: 'no_penalty', noPenaltyReason: reason }, c.t.workingDays(1, 3).at());
  c.fact('noPenaltyAfterRectification', 1);
  c.post(c.lead, 'delivery', { method: deliveryMethod(c) }, c.t.workingDays(0, 3));
  closeCase(c, 0, 2);
}

/** The general procedure: filing, investigation, notice and the party's rights, review, decision, execution. */
function generalProcedure(c: CaseDraft, traffic: boolean, roadside: boolean): void {
  let unrectified: Body[] = [];
  if (!roadside) {
    const hazards = findHazards(c, traffic, c.random.weighted([[1, 40], [2, 40], [3, 20]]));
    order(c, hazards, 'time_limited');
    const rectified = !c.slot.major && c.random.chance(0.5);
    check(c, hazards, rectified ? 'rectified' : 'not_rectified');
    if (!rectified) unrectified = hazards;
  }
  const complex = !traffic && c.random.chance(0.08);
  const person = c.party.kind === 'person';
  const violation = pickViolation(c, traffic, person);
  fileCase(c, violation, c.t.workingDays(roadside ? 0 : 1, 3), complex);
  const filedOn = c.t.date;
  gatherEvidence(c, c.random.int(1, 3));

  const heard = noticeAndHear(c, traffic, person, violation);
  const decided = settle(c, heard);
  c.t.on(plusDays(heard.rightsEnd, 1));
  const proposal = {
    outcome: 'penalty',
    penalties: decided.penalties as Body,
    discretion: decided.discretion,
    ...(decided.reason ? { discretionReason: decided.reason } : {}),
  };
  legalReview(c, proposal);
  if (heard.eligible || complex) discussCollectively(c);
  const decisionAt = c.t.workingDays(0, 2);
  const deadline = c.calendar.addCalendarDays(filedOn, ruleSetOn(filedOn).decisionPeriodDays).deadline;
  if (decisionAt.date > deadline) extendDecisionPeriod(c);
  const decidedAt = decisionAt.at();
  decide(c, c.head, 'general', {
    outcome: 'penalty',
    penalties: decided.penalties,
    discretion: decided.discretion,
    ...(decided.reason ? { discretionReason: decided.reason } : {}),
  }, decidedAt);
  penalize(c, decided.penalties, decided.discretion);
  c.post(c.lead, 'delivery', { method: deliveryMethod(c) }, c.t.workingDays(0, 3));
  pay(c, decided.penalties, c.t.date);
  if (unrectified.length > 0 && c.random.chance(0.7)) {
    c.post(c.lead, 'rectification-checks', { hazardIds: unrectified, result: 'rectified' }, c.t.workingDays(0, 3));
    c.fact('hazardsRectified', unrectified.length);
  }
  closeCase(c, 0, 3);
  publish(c, decidedAt);
}
