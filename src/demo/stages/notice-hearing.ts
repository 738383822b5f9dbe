import type { Penalty } from '../../cases/domain/penalties.js';
import { endOfPeriod, isHearingEligible, ruleSetOn } from '../../cases/domain/rule-sets.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import { DISCRETION_REASONS, STATEMENTS } from '../content.js';
import { type CaseDraft, type Discretion, yuan } from './case-draft.js';
import type { Violation } from './filing.js';

/** The notice of the intended penalty (告知) and the party's rights it opens: statement, defence, hearing. */

export interface Heard {
  readonly noticed: Penalty[];
  readonly discretion: Discretion;
  readonly reason: string | null;
  /** Whether the penalties noticed entitle the party to a hearing. */
  readonly eligible: boolean;
  /** Whether the party stated its case, in writing or at a hearing. */
  readonly stated: boolean;
  /** The day the party's rights have run their course. */
  readonly rightsEnd: CalendarDate;
}

/** Fines of a few thousand to a few hundred thousand yuan, rounded as decisions round them. */
function penaltiesFor(c: CaseDraft, traffic: boolean, person: boolean, [min, max]: readonly [number, number]): Penalty[] {
  if (traffic && c.slot.detention) {
    return [
      { type: 'detention', days: 15 },
      { type: 'fine', amountFen: yuan(5000) },
      { type: 'licence_revocation', licence: `机动车驾驶证 ${c.party.kind === 'person' ? c.party.idNumber : ''}` },
    ];
  }
  const discretion = c.slot.discretion;
  const low = discretion === 'mitigated' ? min * 0.5 : min;
  const high = discretion === 'lighter' ? min + (max - min) * 0.3 : discretion === 'mitigated' ? min * 0.9 : max;
  // Log-uniform: most fines sit at the low end of their range.
  const raw = Math.exp(Math.log(low) + c.random.next() * (Math.log(high) - Math.log(low)));
  const step = raw >= 10_000 ? 1000 : 100;
  const fine = Math.max(step, Math.round(raw / step) * step);
  const penalties: Penalty[] = [];
  if (c.random.chance(0.12)) penalties.push({ type: 'warning' });
  penalties.push({ type: 'fine', amountFen: yuan(fine) });
  if (!traffic && !person && c.slot.major && c.random.chance(0.5)) penalties.push({ type: 'suspension_order' });
  if (!traffic && !person && c.random.chance(0.03)) penalties.push({ type: 'confiscation', amountFen: yuan(c.random.int(5, 50) * 1000) });
  if (traffic && person && c.random.chance(0.3)) {
    penalties.push({ type: 'licence_suspension', licence: `机动车驾驶证 ${c.party.kind === 'person' ? c.party.idNumber : ''}` });
  }
  return penalties;
}

export function noticeAndHear(c: CaseDraft, traffic: boolean, person: boolean, violation: Violation): Heard {
  const noticed = penaltiesFor(c, traffic, person, violation.fineRange);
  const discretion = c.slot.discretion;
  const reason = discretion === 'standard' ? null : c.random.pick(DISCRETION_REASONS[discretion]);
  const noticeAt = c.t.workingDays(2, 8);
  const noticedOn = noticeAt.date;
  c.post(c.lead, 'penalty-notice', {
    penalties: noticed,
    discretion,
    ...(reason ? { discretionReason: reason } : {}),
    legalBasis: violation.penaltyBasis,
  }, noticeAt);
  const rules = ruleSetOn(noticedOn);
  const eligible = isHearingEligible(noticed, c.party.kind, rules);
  const statementEnds = endOfPeriod(c.calendar, noticedOn, rules.statementPeriod).deadline;
  const hearingRequestEnds = endOfPeriod(c.calendar, noticedOn, rules.hearingRequestPeriod).deadline;

  // The party's rights: waived, a statement, a hearing; the decision waits for them to run their course.
  let rightsEnd: CalendarDate = eligible ? hearingRequestEnds : statementEnds;
  let stated = false;
  const rights = c.random.weighted([['waived', 15], ['statement', 40], ['silent', 45]] as const);
  if (rights === 'waived') {
    c.post(c.lead, 'statements', { summary: '当事人放弃陈述、申辩和听证的权利', waived: true }, c.t.workingDays(0, 1));
    rightsEnd = c.t.date;
  } else {
    if (rights === 'statement') {
      c.post(c.lead, 'statements', { summary: c.random.pick(STATEMENTS) }, c.t.workingDays(1, rules.statementPeriod.days));
      stated = true;
    }
    if (eligible && c.random.chance(0.35)) {
      c.t.on(c.calendar.addWorkingDays(noticedOn, c.random.int(1, rules.hearingRequestPeriod.days)).deadline);
      if (c.t.date > hearingRequestEnds) c.t.on(hearingRequestEnds);
      c.post(c.lead, 'hearing-requests', {}, c.t);
      const chair = c.random.pick(c.staff.investigators.filter((key) => !c.officers.includes(key)));
      c.post(c.lead, 'hearings', {
        chairOfficerId: c.officer(chair),
        summary: '听证会在本机关会议室公开举行，当事人及其委托代理人到场陈述申辩，调查人员出示了证据',
      }, c.t.workingDays(5, 10));
      stated = true;
      rightsEnd = c.t.date;
    }
  }
  return { noticed, discretion, reason, eligible, stated, rightsEnd };
}
