import { type CalendarDate, shanghaiDate } from '../../shared/domain/calendar-date.js';
import type { CaseEvent, Instalment, OpenedCase, RemedyKind, RemedyOutcome } from './case.js';
import { CaseErrors } from './case.errors.js';
import { totalFen } from './penalties.js';
import { type PenaltyRuleSet, pinnedRuleSet, surchargeFen } from './rule-sets.js';

/**
 * The execution of a decision (执行): what is due, the surcharge and when it pauses, deferral and instalments, the
 * party's remedies, the reminder (催告) and the application for court enforcement (行政强制法 Arts. 53-54).
 */

const DAY_MS = 86_400_000;
const dayNumber = (date: CalendarDate): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** 行政诉讼法 Art. 46: six months to sue; the longest remedy period, after which a court may be asked to enforce. */
const LAWSUIT_MONTHS = 6;
/** 行政强制法 Art. 53: the application within three months after the remedy periods expired. */
const APPLICATION_WINDOW_MONTHS = 3;
/** 行政强制法 Arts. 54, 69: ten (working) days after the reminder was delivered. */
const REMINDER_WORKING_DAYS = 10;

export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const lastDay = new Date(Date.UTC(Math.floor(index / 12), (index % 12) + 1, 0)).getUTCDate();
  const target = new Date(Date.UTC(Math.floor(index / 12), index % 12, Math.min(day, lastDay)));
  return target.toISOString().slice(0, 10);
}

const rulesOf = (state: OpenedCase, date: CalendarDate): PenaltyRuleSet =>
  pinnedRuleSet(state.decision?.ruleSetVersion, state.decision?.decisionDate ?? date);

const paidBy = (state: OpenedCase, date: CalendarDate): number =>
  state.payments.reduce((sum, p) => (p.paidOn <= date ? sum + p.amountFen : sum), 0);

/**
 * The days (inclusive ranges of day numbers) on which no surcharge accrues: an approved deferral or instalment plan
 * while it is kept (it ends at the first instalment not paid in full by its date), and, where the rule set says so, a
 * pending reconsideration or lawsuit (APL 2021 Art. 73 para 3).
 */
function surchargePauses(state: OpenedCase, rules: PenaltyRuleSet, date: CalendarDate): [number, number][] {
  const pauses: [number, number][] = [];
  const deferral = state.deferral;
  if (deferral) {
    // The plan covers what was due when it was granted: payments before it do not count towards its instalments.
    const prior = state.payments.reduce((sum, p) => (p.paidOn < deferral.grantedOn ? sum + p.amountFen : sum), 0);
    let owed = prior;
    let end = deferral.grantedOn;
    for (const instalment of deferral.instalments) {
      owed += instalment.amountFen;
      end = instalment.dueOn;
      if (instalment.dueOn < date && paidBy(state, instalment.dueOn) < owed) break;
    }
    // Granted on a day, it pauses from the next: the plan covers what was due, surcharge included, on the day it was granted.
    pauses.push([dayNumber(deferral.grantedOn) + 1, dayNumber(end)]);
  }
  if (rules.surchargePausedDuringRemedies) {
    for (const remedy of state.remedies) pauses.push([dayNumber(remedy.filedOn), dayNumber(remedy.concludedOn ?? date)]);
  }
  return pauses;
}

/** Days after `due` up to `day` on which the surcharge accrues. */
function daysLate(due: CalendarDate, day: CalendarDate, pauses: readonly [number, number][]): number {
  let days = 0;
  for (let n = dayNumber(due) + 1; n <= dayNumber(day); n++) {
    if (!pauses.some(([from, to]) => n >= from && n <= to)) days++;
  }
  return days;
}

/**
 * What remains to pay on `date`: fines and confiscations, plus the surcharge on the fine that accrues from the day
 * after the due date until the day the whole amount then due was paid, except while it is paused.
 */
export function amountDue(state: OpenedCase, date: CalendarDate): { principalFen: number; surchargeFen: number; dueFen: number } {
  const penalties = state.decision?.penalties ?? [];
  const fine = totalFen(penalties, 'fine');
  const principalFen = fine + totalFen(penalties, 'confiscation');
  const rules = rulesOf(state, date);
  const due = state.delivery?.paymentDue?.date;
  const pauses = surchargePauses(state, rules, date);
  const surchargeOn = (day: CalendarDate): number => (due ? surchargeFen(fine, daysLate(due, day, pauses), rules) : 0);
  let paid = 0;
  let settledOn: CalendarDate | null = null;
  for (const payment of state.payments) {
    paid += payment.amountFen;
    if (settledOn === null && paid >= principalFen + surchargeOn(payment.paidOn)) settledOn = payment.paidOn;
  }
  const surcharge = surchargeOn(settledOn !== null && settledOn < date ? settledOn : date);
  return { principalFen, surchargeFen: surcharge, dueFen: Math.max(0, principalFen + surcharge - paid) };
}

/** The last day the party may pay without default: the due date, or the end of an approved deferral or plan. */
function lastDayToPay(state: OpenedCase): CalendarDate | null {
  const due = state.delivery?.paymentDue?.date ?? null;
  const planEnd = state.deferral?.instalments.at(-1)?.dueOn ?? null;
  if (due === null) return planEnd;
  return planEnd !== null && planEnd > due ? planEnd : due;
}

const pendingRemedy = (state: OpenedCase): boolean => state.remedies.some((r) => r.concludedOn === null);

interface Calendar {
  addWorkingDays(from: CalendarDate, days: number): { deadline: CalendarDate };
}

export type ExecutionCommand =
  | { readonly type: 'DeferPayment'; readonly kind: 'deferral' | 'instalments'; readonly instalments: readonly Instalment[]; readonly reason: string }
  | { readonly type: 'FileRemedy'; readonly kind: RemedyKind }
  | { readonly type: 'ConcludeRemedy'; readonly kind: RemedyKind; readonly outcome: RemedyOutcome; readonly reason: string }
  | { readonly type: 'ServeEnforcementReminder' }
  | { readonly type: 'ApplyForCourtEnforcement'; readonly court: string };

export const EXECUTION_COMMANDS: readonly ExecutionCommand['type'][] = [
  'DeferPayment',
  'FileRemedy',
  'ConcludeRemedy',
  'ServeEnforcementReminder',
  'ApplyForCourtEnforcement',
];

function assertPayable(state: OpenedCase): void {
  if (!state.decision) throw CaseErrors.notDecided();
  if (!state.delivery) throw CaseErrors.notDelivered();
  if (state.revocation) throw CaseErrors.decisionRevoked();
}

/** Decides a step of the execution; the caller has checked the timeline and that the case is open. */
export function decideExecution(
  command: ExecutionCommand,
  state: OpenedCase,
  step: { readonly occurredAt: string; readonly actorId: string; readonly calendar: Calendar },
): CaseEvent[] {
  const { occurredAt, actorId } = step;
  const on = shanghaiDate(occurredAt);
  switch (command.type) {
    case 'DeferPayment': {
      assertPayable(state);
      if (state.deferral) throw CaseErrors.paymentAlreadyDeferred();
      const { instalments, kind } = command;
      if (kind === 'deferral' ? instalments.length !== 1 : instalments.length < 2) throw CaseErrors.instalmentsInvalid(kind);
      if (instalments.some((i, n) => i.dueOn < on || (n > 0 && i.dueOn <= (instalments[n - 1]?.dueOn ?? i.dueOn)))) {
        throw CaseErrors.instalmentsInvalid(kind);
      }
      const { dueFen } = amountDue(state, on);
      if (dueFen === 0) throw CaseErrors.nothingToPay();
      const total = instalments.reduce((sum, i) => sum + i.amountFen, 0);
      if (total !== dueFen) throw CaseErrors.instalmentsDoNotCoverDue(dueFen);
      return [{ type: 'PaymentDeferred', data: { occurredAt, kind, instalments: [...instalments], reason: command.reason, approvedBy: actorId } }];
    }
    case 'FileRemedy':
      if (!state.decision) throw CaseErrors.notDecided();
      if (state.remedies.some((r) => r.kind === command.kind && r.concludedOn === null)) throw CaseErrors.remedyPending(command.kind);
      return [{ type: 'RemedyFiled', data: { occurredAt, kind: command.kind, filedOn: on } }];
    case 'ConcludeRemedy':
      if (!state.remedies.some((r) => r.kind === command.kind && r.concludedOn === null)) throw CaseErrors.noRemedyPending(command.kind);
      return [{ type: 'RemedyConcluded', data: { occurredAt, kind: command.kind, concludedOn: on, outcome: command.outcome, reason: command.reason } }];
    case 'ServeEnforcementReminder': {
      assertPayable(state);
      if (state.enforcement) throw CaseErrors.reminderAlreadyServed();
      if (pendingRemedy(state)) throw CaseErrors.remedyPending('reconsideration_or_lawsuit');
      const last = lastDayToPay(state);
      if (last === null || on <= last) throw CaseErrors.paymentNotYetDue(last);
      if (amountDue(state, on).dueFen === 0) throw CaseErrors.nothingToPay();
      return [{ type: 'EnforcementReminderServed', data: { occurredAt, servedOn: on, servedBy: actorId } }];
    }
    case 'ApplyForCourtEnforcement': {
      assertPayable(state);
      const enforcement = state.enforcement;
      if (!enforcement) throw CaseErrors.reminderRequired();
      if (enforcement.appliedOn) throw CaseErrors.enforcementAlreadyApplied();
      if (pendingRemedy(state)) throw CaseErrors.remedyPending('reconsideration_or_lawsuit');
      if (amountDue(state, on).dueFen === 0) throw CaseErrors.nothingToPay();
      const afterReminder = step.calendar.addWorkingDays(enforcement.reminderServedOn, REMINDER_WORKING_DAYS).deadline;
      if (on <= afterReminder) throw CaseErrors.enforcementTooEarly(afterReminder, 'reminder');
      // The window opens when the remedy periods (the longest: a lawsuit) and any deferral have run out (令18号 Art. 77).
      const delivery = state.delivery;
      const remediesEnd = delivery ? addMonths(delivery.effectiveOn, LAWSUIT_MONTHS) : on;
      const concluded = state.remedies.map((r) => r.concludedOn ?? on).sort().at(-1) ?? remediesEnd;
      const planEnd = state.deferral?.instalments.at(-1)?.dueOn ?? remediesEnd;
      const opens = [remediesEnd, concluded, planEnd].sort().at(-1) ?? remediesEnd;
      if (on <= opens) throw CaseErrors.enforcementTooEarly(opens, 'remedy_periods');
      const closes = addMonths(opens, APPLICATION_WINDOW_MONTHS);
      if (on > closes) throw CaseErrors.enforcementTooLate(closes);
      return [{ type: 'CourtEnforcementApplied', data: { occurredAt, appliedOn: on, court: command.court, appliedBy: actorId } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** A decision whose execution a court was asked to take over closes as referred, with the amount still due. */
export const referredForEnforcement = (state: OpenedCase): boolean => (state.enforcement?.appliedOn ?? null) !== null;
