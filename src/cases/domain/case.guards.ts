import type { AgencyPower } from '../../identity/domain/agency.js';
import { type CalendarDate, shanghaiDate } from '../../shared/domain/calendar-date.js';
import type { ComputedDeadline, OpenedCase } from './case.js';
import type { DeadlineCalendar } from './case.commands.js';
import { CaseErrors } from './case.errors.js';
import { type Discretion, type Penalty, POWER_FOR } from './penalties.js';
import { EARLIEST_DATE_SERVED, ruleSetNotInForce } from './rule-sets.js';

/** The rules every stage of a case shares: the order of its steps in time, who may act on it, what the agency may impose. */

/** A clock on a device in the field may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;

export function computed(calendar: DeadlineCalendar, result: { deadline: CalendarDate; provisional: boolean }): ComputedDeadline {
  return { date: result.deadline, provisional: result.provisional, calendarVersion: calendar.version };
}

export function assertTimeline(occurredAt: string, previous: string | null, now: string): void {
  // Every step of a case is judged by the law of its date: a date no rule set covers is refused, never guessed.
  const date = shanghaiDate(occurredAt);
  if (date < EARLIEST_DATE_SERVED) throw ruleSetNotInForce(date);
  if (Date.parse(occurredAt) > Date.parse(now) + CLOCK_SKEW_MS) throw CaseErrors.occurredInFuture(occurredAt);
  if (previous !== null && Date.parse(occurredAt) < Date.parse(previous)) {
    throw CaseErrors.occurredBeforePreviousStep(occurredAt, previous);
  }
}

export function assertCaseOfficer(state: OpenedCase, actorId: string): void {
  if (!state.officerIds.includes(actorId)) throw CaseErrors.notCaseOfficer(actorId);
}

export function assertPowers(penalties: readonly Penalty[], powers: readonly AgencyPower[]): void {
  for (const penalty of penalties) {
    const power = POWER_FOR[penalty.type];
    if (power && !powers.includes(power)) throw CaseErrors.agencyLacksPower(penalty.type);
  }
}

export function assertDiscretion(discretion: Discretion, reason: string | null): void {
  if (discretion !== 'standard' && !reason) throw CaseErrors.discretionReasonRequired();
}
