import { createHash } from 'node:crypto';
import { type CalendarDate, isCalendarDate } from '../../shared/domain/calendar-date.js';
import { DomainError } from '../../shared/domain/errors.js';

/**
 * One State Council holiday notice (国务院办公厅关于XXXX年部分节假日安排的通知). Its days are looked up by date,
 * not by `year`: the 2023 notice's 元旦 holiday starts on 2022-12-31.
 */
export interface YearNotice {
  readonly year: number;
  /** Every day of each holiday span, weekend days within a span included. */
  readonly holidays: readonly CalendarDate[];
  /** Weekend days designated as working days (调休上班). */
  readonly workdays: readonly CalendarDate[];
  readonly noticeNumber?: string;
}

export type DayDesignation = 'holiday' | 'workday';

export interface Deadline {
  readonly deadline: CalendarDate;
  /** Some day the result depends on is not yet settled by a recorded notice: recompute when it is. */
  readonly provisional: boolean;
}

export interface WorkingDayCount {
  readonly workingDays: number;
  readonly provisional: boolean;
}

/**
 * The next year's notice may place its 元旦 holiday and make-up days in the last days of December (the 2019 notice
 * made 2018-12-29 a working day and 2018-12-31 a holiday), so from this day on a December day is settled only once
 * the next year's notice is known as well. A notice may designate days from this day of the previous year on.
 */
const NEXT_NOTICE_REACHES_BACK_TO = '12-25';

export const CalendarErrors = {
  invalidDate: (value: unknown): DomainError =>
    new DomainError('INVALID_CALENDAR_DATE', `${String(value)} is not a YYYY-MM-DD calendar date`, 'invalid'),
  invalidPeriod: (days: number): DomainError =>
    new DomainError('INVALID_PERIOD', `A period must be a whole number of days, at least 1 (got ${days})`, 'invalid'),
  invalidNotice: (year: number, reason: string): DomainError =>
    new DomainError('INVALID_HOLIDAY_NOTICE', `The ${year} holiday notice is invalid: ${reason}`, 'invalid', { year }),
} as const;

export class WorkingCalendar {
  readonly version: string;
  private readonly noticesByYear: ReadonlyMap<number, YearNotice>;
  private readonly designations: ReadonlyMap<CalendarDate, DayDesignation>;

  /** `version` defaults to a hash of the notices, so the same data always carries the same version. */
  constructor(notices: readonly YearNotice[], version?: string) {
    const byYear = new Map<number, YearNotice>();
    for (const notice of notices) {
      if (byYear.has(notice.year)) throw CalendarErrors.invalidNotice(notice.year, 'the year is given twice');
      byYear.set(notice.year, normalizeNotice(notice));
    }
    const sorted = [...byYear.values()].sort((a, b) => a.year - b.year);
    this.noticesByYear = new Map(sorted.map((notice) => [notice.year, notice]));

    // In year order, so where two notices name the same late-December day, the later notice (the newer word) wins.
    const designations = new Map<CalendarDate, DayDesignation>();
    for (const notice of sorted) {
      for (const date of notice.holidays) designations.set(date, 'holiday');
      for (const date of notice.workdays) designations.set(date, 'workday');
    }
    this.designations = designations;
    this.version = version ?? contentVersion(sorted);
  }

  get notices(): readonly YearNotice[] {
    return [...this.noticesByYear.values()];
  }

  notice(year: number): YearNotice | undefined {
    return this.noticesByYear.get(year);
  }

  hasYear(year: number): boolean {
    return this.noticesByYear.has(year);
  }

  /** A designated day as designated; any other day Monday to Friday (provisionally so where no notice settles it). */
  isWorkingDay(date: CalendarDate): boolean {
    assertDate(date);
    const designation = this.designations.get(date);
    return designation ? designation === 'workday' : !isWeekend(date);
  }

  /** Whether the recorded notices settle this day, so that no notice still to come can change it. */
  isDefinitive(date: CalendarDate): boolean {
    assertDate(date);
    const year = yearOf(date);
    if (!this.hasYear(year)) return false;
    return date.slice(5) < NEXT_NOTICE_REACHES_BACK_TO || this.hasYear(year + 1);
  }

  /** The n-th working day after `from` (APL Art. 85: 2, 3, 5, 7 working days); `from` itself never counts. */
  addWorkingDays(from: CalendarDate, n: number): Deadline {
    assertDate(from);
    assertPeriod(n);
    let day = from;
    let provisional = false;
    for (let counted = 0; counted < n; ) {
      day = plusDays(day, 1);
      provisional ||= !this.isDefinitive(day);
      if (this.isWorkingDay(day)) counted++;
    }
    return { deadline: day, provisional };
  }

  /**
   * The n-th calendar day after `from` (15 days to pay, 60 days for review, 90 days to decide), moved on to the next
   * working day when it is not one (民法典 Art. 203; weekends are treated like holidays here, domain.md §4.1).
   */
  addCalendarDays(from: CalendarDate, n: number): Deadline {
    assertDate(from);
    assertPeriod(n);
    // Only the last day and the days it rolls over decide the result, so only they can make it provisional.
    let day = plusDays(from, n);
    let provisional = !this.isDefinitive(day);
    while (!this.isWorkingDay(day)) {
      day = plusDays(day, 1);
      provisional ||= !this.isDefinitive(day);
    }
    return { deadline: day, provisional };
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`), e.g. how late a step was. */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): WorkingDayCount {
    assertDate(from);
    assertDate(to);
    let workingDays = 0;
    let provisional = false;
    for (let day = plusDays(from, 1); day <= to; day = plusDays(day, 1)) {
      provisional ||= !this.isDefinitive(day);
      if (this.isWorkingDay(day)) workingDays++;
    }
    return { workingDays, provisional };
  }

  /** A new calendar with this year's notice added or replaced; this one is left as it is. */
  withYear(notice: YearNotice, version?: string): WorkingCalendar {
    const others = this.notices.filter((existing) => existing.year !== notice.year);
    return new WorkingCalendar([...others, notice], version);
  }
}

export function isWeekend(date: CalendarDate): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function plusDays(date: CalendarDate, days: number): CalendarDate {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

const yearOf = (date: CalendarDate): number => Number(date.slice(0, 4));

function assertDate(value: unknown): asserts value is CalendarDate {
  if (!isCalendarDate(value)) throw CalendarErrors.invalidDate(value);
}

function assertPeriod(days: number): void {
  if (!Number.isInteger(days) || days < 1) throw CalendarErrors.invalidPeriod(days);
}

/** Sorted, without duplicates, frozen; refuses what no notice can say. */
function normalizeNotice(notice: YearNotice): YearNotice {
  const { year, noticeNumber } = notice;
  // Four digits, and so must the year before it have (its late December may be designated).
  if (!Number.isInteger(year) || year < 1001 || year > 9999) throw CalendarErrors.invalidNotice(year, 'not a year');
  const holidays = [...new Set(notice.holidays)].sort();
  const workdays = [...new Set(notice.workdays)].sort();
  const earliest = `${year - 1}-${NEXT_NOTICE_REACHES_BACK_TO}`;
  for (const date of [...holidays, ...workdays]) {
    if (!isCalendarDate(date)) throw CalendarErrors.invalidNotice(year, `${String(date)} is not a calendar date`);
    if (date < earliest || yearOf(date) > year) {
      throw CalendarErrors.invalidNotice(year, `${date} is outside ${earliest} to ${year}-12-31`);
    }
  }
  for (const date of workdays) {
    // Monday to Friday are working days anyway: a make-up day elsewhere is a typing error.
    if (!isWeekend(date)) throw CalendarErrors.invalidNotice(year, `make-up working day ${date} is not a weekend day`);
    if (holidays.includes(date)) {
      throw CalendarErrors.invalidNotice(year, `${date} is both a holiday and a working day`);
    }
  }
  return Object.freeze({
    year,
    holidays: Object.freeze(holidays),
    workdays: Object.freeze(workdays),
    ...(noticeNumber === undefined ? {} : { noticeNumber }),
  });
}

/** A short hash of the notices in a fixed order: equal data, equal version. */
function contentVersion(sortedNotices: readonly YearNotice[]): string {
  const canonical = sortedNotices.map((n) => [n.year, n.holidays, n.workdays, n.noticeNumber ?? null]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}
