import { createHash } from 'node:crypto';
import type { WorkingCalendar } from '../../calendar/domain/calendar.js';
import type { DomainEvent } from '../../eventstore/command-handling.js';
import type { Role } from '../../shared/domain/roles.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';

/** Before, on and after a deadline: a reminder to those who must act, the alarm, and the escalation to the head. */
export const STAGES = ['reminder', 'due', 'overdue'] as const;
export type Stage = (typeof STAGES)[number];

export interface DeadlinePolicy {
  readonly reminderWorkingDaysBefore: number;
  readonly escalationWorkingDaysAfter: number;
  /** Alerts go out at this hour, Asia/Shanghai (UTC+8, no daylight saving). */
  readonly hourOfDay: number;
}

export const DEFAULT_POLICY: DeadlinePolicy = { reminderWorkingDaysBefore: 2, escalationWorkingDaysAfter: 1, hourOfDay: 9 };

/** How the due date was counted, so that it can be counted again when the calendar changes. */
export type DeadlineBasis =
  | { readonly from: CalendarDate; readonly workingDays: number }
  | { readonly from: CalendarDate; readonly calendarDays: number };

/** Counts the due date of a basis on a calendar. */
export function dueDateOf(basis: DeadlineBasis, calendar: WorkingCalendar): { deadline: CalendarDate; provisional: boolean } {
  return 'workingDays' in basis
    ? calendar.addWorkingDays(basis.from, basis.workingDays)
    : calendar.addCalendarDays(basis.from, basis.calendarDays);
}

/** A statutory deadline of one stream: what is due, when, and who is told at each stage. */
export interface DeadlineSpec {
  /** Stable per obligation, e.g. `review-due.<reviewId>.r2`; a new due date keeps the id. */
  readonly deadlineId: string;
  readonly kind: string;
  readonly streamId: string;
  readonly agencyId: string;
  readonly dueDate: CalendarDate;
  /** Counted into a year with no recorded notice: counted again when that year is recorded. */
  readonly provisional: boolean;
  /** null: not counted from a period (it cannot be counted again). */
  readonly basis: DeadlineBasis | null;
  readonly subject: string;
  readonly notify: Readonly<Record<Stage, Role>>;
}

export type DeadlineChange =
  /** `moves`: the deadline existed with another due date, whose jobs must go (a first setting has none to remove). */
  | { readonly change: 'set'; readonly spec: DeadlineSpec; readonly moves?: boolean }
  | { readonly change: 'met'; readonly deadlineId: string; readonly streamId: string; readonly metAt: string };

/** Appended to the owning stream when a recorded holiday notice moves (or settles) a provisional due date. */
export const DEADLINE_RECOMPUTED = 'DeadlineRecomputed';
export type DeadlineRecomputedEvent = DomainEvent<'DeadlineRecomputed', { spec: DeadlineSpec; calendarVersion: string }>;

export const ALERT_EVENT_TYPES = ['DeadlineReminderIssued', 'DeadlineDue', 'DeadlineMissed'] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];
const ALERT_TYPE_OF: Record<Stage, AlertEventType> = {
  reminder: 'DeadlineReminderIssued',
  due: 'DeadlineDue',
  overdue: 'DeadlineMissed',
};

export interface AlertData {
  readonly deadlineId: string;
  readonly kind: string;
  readonly stage: Stage;
  readonly dueDate: CalendarDate;
  readonly notifyRole: Role;
  readonly subject: string;
}
export type AlertEvent = DomainEvent<AlertEventType, AlertData>;

const instantAt = (date: CalendarDate, hour: number): Date =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);

function workingDaysBefore(calendar: WorkingCalendar, date: CalendarDate, days: number): CalendarDate {
  let current = new Date(`${date}T00:00:00Z`);
  for (let counted = 0; counted < days; ) {
    current = new Date(current.getTime() - 86_400_000);
    if (calendar.isWorkingDay(current.toISOString().slice(0, 10))) counted += 1;
  }
  return current.toISOString().slice(0, 10);
}

/** When each stage fires. */
export function fireTimes(spec: Pick<DeadlineSpec, 'dueDate'>, calendar: WorkingCalendar, policy = DEFAULT_POLICY): Record<Stage, Date> {
  return {
    reminder: instantAt(workingDaysBefore(calendar, spec.dueDate, policy.reminderWorkingDaysBefore), policy.hourOfDay),
    due: instantAt(spec.dueDate, policy.hourOfDay),
    overdue: instantAt(calendar.addWorkingDays(spec.dueDate, policy.escalationWorkingDaysAfter).deadline, policy.hourOfDay),
  };
}

/** A stage's job: when it goes out. */
export interface StageJob {
  readonly stage: Stage;
  readonly at: Date;
}

/**
 * The jobs of a deadline as seen at `now` (when it is set or moved, or when the reconciler looks at it again).
 * A stage whose time has already passed is late: recording a step with a past business date (importing last year's
 * cases) must not raise a reminder, an alarm and an escalation at once for an obligation that the client's next
 * request will meet. So a late stage is dropped when a more severe stage goes out within the grace (no reminder for
 * a deadline already missed), and the one late stage left goes out only after the grace, leaving the client time to
 * record the step that meets it (which removes the job). Stages still ahead keep their times.
 *
 * Dropping is monotone in `now`: a stage dropped at the setting is dropped at every later look, so the reconciler,
 * which only adds jobs that are missing, never brings back a stage the setting left out.
 */
export function stageJobs(times: Readonly<Record<Stage, Date>>, now: Date, graceMs: number): StageJob[] {
  const settled = now.getTime() + graceMs;
  return STAGES.flatMap((stage, index) => {
    const at = times[stage].getTime();
    if (at > now.getTime()) return [{ stage, at: times[stage] }];
    const superseded = STAGES.slice(index + 1).some((later) => times[later].getTime() <= settled);
    return superseded ? [] : [{ stage, at: new Date(settled) }];
  });
}

/** A UUID (version 8, custom) derived from a text: the same text always gives the same event id. */
export function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The alert of a stage, with an id derived from the obligation: raising it twice stores it once. */
export function alertEvent(spec: DeadlineSpec, stage: Stage): AlertEvent & { eventId: string } {
  return {
    eventId: uuidFrom(`${spec.deadlineId}|${spec.dueDate}|${stage}`),
    type: ALERT_TYPE_OF[stage],
    data: {
      deadlineId: spec.deadlineId,
      kind: spec.kind,
      stage,
      dueDate: spec.dueDate,
      notifyRole: spec.notify[stage],
      subject: spec.subject,
    },
  };
}

/** One job per obligation and stage; a moved due date replaces the jobs (BullMQ forbids ':' in ids). */
export const jobIdOf = (deadlineId: string, stage: Stage): string => `${deadlineId}.${stage}`;
