import type { Decider, DomainEvent } from '../../eventstore/command-handling.js';
import { type CalendarDate, isCalendarDate } from '../../shared/domain/calendar-date.js';
import { CalendarErrors, WorkingCalendar, type YearNotice } from './calendar.js';

/** chinese-days starts in 2004; a notice is recorded for a year the system may still compute deadlines in. */
export const FIRST_RECORDABLE_YEAR = 2004;
export const LAST_RECORDABLE_YEAR = 2100;

/** The calendar is the State Council's, not an agency's: its streams belong to this pseudo-agency. */
export const NATIONAL_AGENCY_ID = 'national';

export const holidayNoticeStreamId = (year: number): string => `calendar-${year}`;

/** A year's holiday notice as an administrator recorded it from the published text. */
export interface RecordedNotice {
  readonly year: number;
  /** The document number, e.g. 国办发明电〔2024〕12号. */
  readonly noticeNumber: string;
  readonly publishedOn: CalendarDate;
  readonly holidays: readonly CalendarDate[];
  readonly workdays: readonly CalendarDate[];
}

export type HolidayNoticeEvent = DomainEvent<'HolidayNoticeRecorded', RecordedNotice>;

export type HolidayNotice =
  | { readonly status: 'unrecorded' }
  | { readonly status: 'recorded'; readonly notice: RecordedNotice };

export type RecordHolidayNotice = { readonly type: 'RecordHolidayNotice' } & RecordedNotice;

export const initialHolidayNotice = (): HolidayNotice => ({ status: 'unrecorded' });

export function evolveHolidayNotice(state: HolidayNotice, event: HolidayNoticeEvent): HolidayNotice {
  switch (event.type) {
    case 'HolidayNoticeRecorded':
      return { status: 'recorded', notice: event.data };
    default: {
      void (event.type satisfies never);
      return state;
    }
  }
}

/**
 * PUT semantics: the notice is recorded unless the same one already is; a different one (a correction) is recorded
 * again, and the latest wins. The days must pass the calendar's own rules, so a recorded notice always loads.
 */
export function decideHolidayNotice(command: RecordHolidayNotice, state: HolidayNotice): HolidayNoticeEvent[] {
  const notice = validNotice(command);
  if (state.status === 'recorded' && sameNotice(state.notice, notice)) return [];
  return [{ type: 'HolidayNoticeRecorded', data: notice }];
}

export const holidayNoticeDecider: Decider<RecordHolidayNotice, HolidayNoticeEvent, HolidayNotice> = {
  decide: decideHolidayNotice,
  evolve: evolveHolidayNotice,
  initialState: initialHolidayNotice,
};

/** The notice as the calendar takes it in (its days looked up by date, whichever year they fall in). */
export const asYearNotice = ({ year, noticeNumber, holidays, workdays }: RecordedNotice): YearNotice => ({
  year,
  noticeNumber,
  holidays,
  workdays,
});

/** Sorted and without duplicates, or a DomainError naming what no notice can say. */
function validNotice(command: RecordHolidayNotice): RecordedNotice {
  const { year, noticeNumber, publishedOn } = command;
  if (!Number.isInteger(year) || year < FIRST_RECORDABLE_YEAR || year > LAST_RECORDABLE_YEAR) {
    throw CalendarErrors.invalidNotice(year, `only ${FIRST_RECORDABLE_YEAR} to ${LAST_RECORDABLE_YEAR} may be recorded`);
  }
  if (noticeNumber.trim() === '') throw CalendarErrors.invalidNotice(year, 'the notice number is missing');
  if (!isCalendarDate(publishedOn)) {
    throw CalendarErrors.invalidNotice(year, `publication date ${String(publishedOn)} is not a calendar date`);
  }
  // Every notice grants at least 元旦 and 春节: one without holidays is a mistake, not a year without them.
  if (command.holidays.length === 0) throw CalendarErrors.invalidNotice(year, 'it names no holidays');
  const normalized = new WorkingCalendar([{ year, holidays: command.holidays, workdays: command.workdays }]).notice(year);
  if (!normalized) throw new Error(`the calendar lost the ${year} notice it was given`);
  return { year, noticeNumber, publishedOn, holidays: [...normalized.holidays], workdays: [...normalized.workdays] };
}

const sameDays = (a: readonly CalendarDate[], b: readonly CalendarDate[]): boolean =>
  a.length === b.length && a.every((date, index) => date === b[index]);

const sameNotice = (a: RecordedNotice, b: RecordedNotice): boolean =>
  a.noticeNumber === b.noticeNumber &&
  a.publishedOn === b.publishedOn &&
  sameDays(a.holidays, b.holidays) &&
  sameDays(a.workdays, b.workdays);
