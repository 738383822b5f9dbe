import type { WorkingCalendar } from '../calendar/domain/calendar.js';
import type { CalendarDate } from '../shared/domain/calendar-date.js';
import type { Random } from './random.js';

const OPENS = 8 * 60 + 30;
const CLOSES = 17 * 60 + 30;

export function plusDays(date: CalendarDate, days: number): CalendarDate {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

export const daysBetween = (from: CalendarDate, to: CalendarDate): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The working days from `from` to `to`, both included. */
export function workingDaysBetween(calendar: WorkingCalendar, from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const days: CalendarDate[] = [];
  for (let day = from; day <= to; day = plusDays(day, 1)) {
    if (calendar.isWorkingDay(day)) days.push(day);
  }
  return days;
}

/** The first working day on or after `date`. */
export function workingDayFrom(calendar: WorkingCalendar, date: CalendarDate): CalendarDate {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = plusDays(day, 1);
  return day;
}

/**
 * The business time of one case, moving forward only: each step happens during office hours on a working day,
 * a few minutes after the previous one or some working days later.
 */
export class Timeline {
  private minute: number;

  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly random: Random,
    private day: CalendarDate,
    minute?: number,
  ) {
    this.minute = minute ?? this.officeHour();
  }

  get date(): CalendarDate {
    return this.day;
  }

  /** The current instant, Asia/Shanghai. */
  at(): string {
    const hh = String(Math.floor(this.minute / 60)).padStart(2, '0');
    const mm = String(this.minute % 60).padStart(2, '0');
    return `${this.day}T${hh}:${mm}:00+08:00`;
  }

  /** Some minutes later; after closing time, the next working day's morning. */
  minutes(min: number, max: number): this {
    this.minute += this.random.int(min, max);
    if (this.minute > CLOSES) {
      this.day = this.calendar.addWorkingDays(this.day, 1).deadline;
      this.minute = OPENS + this.random.int(0, 60);
    }
    return this;
  }

  /** Between `min` and `max` working days later (0: later the same day). */
  workingDays(min: number, max: number): this {
    const days = this.random.int(min, max);
    if (days === 0) return this.minutes(10, 90);
    this.day = this.calendar.addWorkingDays(this.day, days).deadline;
    this.minute = this.officeHour();
    return this;
  }

  /** On `date` (moved on to a working day), or a little later when the timeline is already there. */
  on(date: CalendarDate): this {
    const day = workingDayFrom(this.calendar, date);
    if (day <= this.day) return this.minutes(5, 40);
    this.day = day;
    this.minute = this.officeHour();
    return this;
  }

  /** A copy that moves on its own (another stream's steps, such as the publication's). */
  fork(): Timeline {
    return new Timeline(this.calendar, this.random, this.day, this.minute);
  }

  private officeHour(): number {
    return this.random.int(9 * 60, 16 * 60 + 30);
  }
}
