import type { Penalty } from '../../cases/domain/penalties.js';
import { ruleSetOn, surchargeFen } from '../../cases/domain/rule-sets.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import { daysBetween, plusDays, workingDayFrom } from '../timeline.js';
import type { CaseDraft } from './case-draft.js';

/** Delivery of the decision (送达) and its execution: payment, late with the surcharge of APL Art. 72 for some. */

export function deliveryMethod(c: CaseDraft): string {
  return c.random.weighted([['in_person', 70], ['post', 15], ['electronic', 10], ['left_at_address', 5]] as const);
}

/** Most pay within the 15 days; some late, with the surcharge counted as the server counts it. */
export function pay(c: CaseDraft, penalties: readonly Penalty[], deliveredOn: CalendarDate): void {
  const principal = penalties.reduce((sum, p) => (p.type === 'fine' || p.type === 'confiscation' ? sum + p.amountFen : sum), 0);
  if (principal === 0) return;
  const fine = penalties.reduce((sum, p) => (p.type === 'fine' ? sum + p.amountFen : sum), 0);
  const rules = ruleSetOn(deliveredOn);
  const due = c.calendar.addCalendarDays(deliveredOn, rules.paymentCalendarDays).deadline;
  if (c.random.chance(0.08)) {
    const paidOn = workingDayFrom(c.calendar, plusDays(due, c.random.int(2, 20)));
    c.t.on(paidOn);
    const surcharge = surchargeFen(fine, daysBetween(due, paidOn), ruleSetOn(c.decidedOn ?? deliveredOn));
    c.post(c.lead, 'payments', { amountFen: principal + surcharge }, c.t);
    return;
  }
  const paidOn = c.calendar.addWorkingDays(deliveredOn, c.random.int(1, 8)).deadline;
  c.t.on(paidOn <= due ? paidOn : deliveredOn);
  c.post(c.lead, 'payments', { amountFen: principal }, c.t);
}
