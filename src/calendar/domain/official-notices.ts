// chinese-days is a CommonJS (UMD) bundle: under Node ESM only its default export (module.exports) exists.
import chineseDays from 'chinese-days';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import { WorkingCalendar, isWeekend, type YearNotice } from './calendar.js';

/** The years chinese-days 1.5.7 carries; it treats every other year as plain Monday–Friday (domain.md §4.3). */
export const OFFICIAL_FIRST_YEAR = 2004;
export const OFFICIAL_LAST_YEAR = 2026;

/** Document numbers confirmed by domain.md §4.2; the others are unknown. */
export const OFFICIAL_NOTICE_NUMBERS: Readonly<Partial<Record<number, string>>> = {
  2021: '国办发明电〔2020〕27号',
  2025: '国办发明电〔2024〕12号',
};

/**
 * The package keeps its data by date, not by notice: a 元旦 day in December (2022-12-31) belongs to the next
 * year's notice.
 */
function noticeYearOf(date: CalendarDate): number {
  const year = Number(date.slice(0, 4));
  const isNextNewYear = date.slice(5, 7) === '12' && chineseDays.getDayDetail(date).name.includes('元旦');
  return isNextNewYear ? year + 1 : year;
}

function extractNotices(): YearNotice[] {
  const days = new Map<number, { holidays: CalendarDate[]; workdays: CalendarDate[] }>();
  for (let year = OFFICIAL_FIRST_YEAR; year <= OFFICIAL_LAST_YEAR; year++) {
    days.set(year, { holidays: [], workdays: [] });
  }
  const noticeDays = (date: CalendarDate) => {
    const entry = days.get(noticeYearOf(date));
    if (!entry) throw new Error(`chinese-days designates ${date} for a notice outside the years it carries`);
    return entry;
  };

  const first = `${OFFICIAL_FIRST_YEAR}-01-01`;
  const last = `${OFFICIAL_LAST_YEAR}-12-31`;
  // includeWeekends = false lists the package's holiday spans (weekends within them included), not plain weekends.
  for (const date of chineseDays.getHolidaysInRange(first, last, false)) noticeDays(date).holidays.push(date);
  // A working day on a weekend can only be a make-up day.
  const weekendWorkdays = chineseDays.getWorkdaysInRange(first, last).filter(isWeekend);
  for (const date of weekendWorkdays) noticeDays(date).workdays.push(date);

  return [...days].map(([year, { holidays, workdays }]) => ({
    year,
    holidays,
    workdays,
    noticeNumber: OFFICIAL_NOTICE_NUMBERS[year],
  }));
}

// Extracted once, at module load.
const officialNotices = extractNotices();
let official: WorkingCalendar | undefined;

/** The State Council notices of 2004–2026 as chinese-days 1.5.7 carries them; add a later year with `withYear`. */
export function officialCalendar(): WorkingCalendar {
  official ??= new WorkingCalendar(officialNotices);
  return official;
}
