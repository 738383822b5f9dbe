import { describe, expect, it } from '@jest/globals';
import chineseDays from 'chinese-days';
import { WorkingCalendar, type YearNotice } from './calendar.js';
import { OFFICIAL_NOTICE_NUMBERS, officialCalendar } from './official-notices.js';

const official = officialCalendar();

/** Every day from `first` to `last` inclusive. */
function days(first: string, last: string = first): string[] {
  const result: string[] = [];
  for (let day = new Date(`${first}T00:00:00Z`); day <= new Date(`${last}T00:00:00Z`); ) {
    result.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return result;
}

/** domain.md §4.2, row by row as written there (MM-DD within the row's year), each notice with the days it names. */
const TABLE: Record<number, { holidays: string; workdays: string }> = {
  2021: {
    holidays: '01-01–01-03, 02-11–02-17, 04-03–04-05, 05-01–05-05, 06-12–06-14, 09-19–09-21, 10-01–10-07',
    workdays: '02-07, 02-20, 04-25, 05-08, 09-18, 09-26, 10-09',
  },
  2022: {
    // The row's "12-31 (2023 元旦)" is named by the 2023 notice.
    holidays: '01-01–01-03, 01-31–02-06, 04-03–04-05, 04-30–05-04, 06-03–06-05, 09-10–09-12, 10-01–10-07',
    workdays: '01-29, 01-30, 04-02, 04-24, 05-07, 10-08, 10-09',
  },
  2023: {
    holidays: '2022-12-31–01-02, 01-21–01-27, 04-05, 04-29–05-03, 06-22–06-24, 09-29–10-06',
    workdays: '01-28, 01-29, 04-23, 05-06, 06-25, 10-07, 10-08',
  },
  2024: {
    holidays: '01-01, 02-10–02-17, 04-04–04-06, 05-01–05-05, 06-10, 09-15–09-17, 10-01–10-07',
    workdays: '02-04, 02-18, 04-07, 04-28, 05-11, 09-14, 09-29, 10-12',
  },
  2025: {
    holidays: '01-01, 01-28–02-04, 04-04–04-06, 05-01–05-05, 05-31–06-02, 10-01–10-08',
    workdays: '01-26, 02-08, 04-27, 09-28, 10-11',
  },
  2026: {
    holidays: '01-01–01-03, 02-15–02-23, 04-04–04-06, 05-01–05-05, 06-19–06-21, 09-25–09-27, 10-01–10-07',
    workdays: '01-04, 02-14, 02-28, 05-09, 09-20, 10-10',
  },
};

/** The days of a row's list of `MM-DD` or `MM-DD–MM-DD` entries; a full date stands for itself. */
function tableDays(year: number, list: string): string[] {
  const inYear = (date: string) => (date.length === 5 ? `${year}-${date}` : date);
  return list.split(', ').flatMap((entry) => {
    const [first = '', last = first] = entry.split('–');
    return days(inYear(first), inYear(last));
  });
}

/** Hypothetical: the 2027 notice is not yet published; 2027-01-01 is a Friday. */
const NOTICE_2027: YearNotice = { year: 2027, holidays: days('2027-01-01', '2027-01-03'), workdays: [] };

describe('the official calendar (chinese-days 1.5.7)', () => {
  it('carries one notice for each year from 2004 to 2026, with the known document numbers', () => {
    const years = Array.from({ length: 23 }, (_, index) => 2004 + index);
    expect(official.notices.map((notice) => notice.year)).toEqual(years);
    expect(official.hasYear(2003)).toBe(false);
    expect(official.hasYear(2027)).toBe(false);
    expect(official.notice(2021)?.noticeNumber).toBe('国办发明电〔2020〕27号');
    expect(official.notice(2025)?.noticeNumber).toBe(OFFICIAL_NOTICE_NUMBERS[2025]);
    expect(official.notice(2024)?.noticeNumber).toBeUndefined();
    expect(officialCalendar()).toBe(official);
  });

  it.each(Object.keys(TABLE).map(Number))('agrees with the %i row of the notices table', (year) => {
    const holidays = tableDays(year, TABLE[year]?.holidays ?? '');
    const workdays = tableDays(year, TABLE[year]?.workdays ?? '');
    expect(holidays.length).toBeGreaterThan(10);
    expect(official.notice(year)?.holidays).toEqual(holidays);
    expect(official.notice(year)?.workdays).toEqual(workdays);
    for (const day of holidays) expect(official.isWorkingDay(day)).toBe(false);
    for (const day of workdays) expect(official.isWorkingDay(day)).toBe(true);
  });

  it('gives a late-December 元旦 day to the next year’s notice', () => {
    expect(official.notice(2022)?.holidays).not.toContain('2022-12-31');
    expect(official.notice(2023)?.holidays).toContain('2022-12-31');
    expect(official.notice(2019)?.holidays).toEqual(expect.arrayContaining(['2018-12-30', '2018-12-31']));
    expect(official.notice(2019)?.workdays).toContain('2018-12-29');
    expect(official.notice(2012)?.workdays).toContain('2011-12-31');
    expect(official.isWorkingDay('2018-12-31')).toBe(false);
    expect(official.isWorkingDay('2018-12-29')).toBe(true);
  });

  it('counts 250, 249, 249, 251, 248 and 248 working days in 2021–2026', () => {
    const perYear = [2021, 2022, 2023, 2024, 2025, 2026].map(
      (year) => official.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`).workingDays,
    );
    expect(perYear).toEqual([250, 249, 249, 251, 248, 248]);
  });

  it('agrees with chinese-days isWorkday on every day of 2004–2026', () => {
    const disagreements = days('2004-01-01', '2026-12-31').filter(
      (day) => official.isWorkingDay(day) !== chineseDays.isWorkday(day),
    );
    expect(disagreements).toEqual([]);
  });
});

describe('the examples of domain.md §4.1', () => {
  it('publishes a decision of 2021-09-30 within 7 working days: 2021-10-15 (Saturday 10-09 works)', () => {
    expect(official.addWorkingDays('2021-09-30', 7)).toEqual({ deadline: '2021-10-15', provisional: false });
  });

  it('publishes a decision of 2026-02-13 within 7 working days: 2026-03-02', () => {
    expect(official.addWorkingDays('2026-02-13', 7)).toEqual({ deadline: '2026-03-02', provisional: false });
  });

  it('takes hearing requests on a notice of 2025-09-30 for 5 working days: 2025-10-14', () => {
    expect(official.addWorkingDays('2025-09-30', 5)).toEqual({ deadline: '2025-10-14', provisional: false });
  });

  it('rolls 15 days to pay from 2025-09-16, ending on holiday 10-01, to 2025-10-09', () => {
    expect(official.addCalendarDays('2025-09-16', 15)).toEqual({ deadline: '2025-10-09', provisional: false });
  });
});

describe('working-day periods', () => {
  it('exclude the start day, whatever it is', () => {
    expect(official.addWorkingDays('2025-03-07', 1).deadline).toBe('2025-03-10'); // Friday → Monday
    expect(official.addWorkingDays('2025-03-08', 1).deadline).toBe('2025-03-10'); // Saturday → Monday
    expect(official.addWorkingDays('2025-03-10', 2).deadline).toBe('2025-03-12');
    expect(official.addWorkingDays('2025-10-01', 1).deadline).toBe('2025-10-09'); // from a holiday
  });

  it('skip weekday holidays and count make-up Saturdays and Sundays', () => {
    expect(official.addWorkingDays('2025-02-07', 1).deadline).toBe('2025-02-08'); // Saturday 调休
    expect(official.addWorkingDays('2024-02-08', 2).deadline).toBe('2024-02-18'); // Sunday 调休 after 春节
  });

  it('count working days after one date up to and including another', () => {
    expect(official.workingDaysBetween('2021-09-30', '2021-10-15')).toEqual({ workingDays: 7, provisional: false });
    // Published Monday 2021-10-18 against a deadline of Friday 2021-10-15: one working day late.
    expect(official.workingDaysBetween('2021-10-15', '2021-10-18').workingDays).toBe(1);
    expect(official.workingDaysBetween('2021-10-15', '2021-10-15').workingDays).toBe(0);
    expect(official.workingDaysBetween('2021-10-18', '2021-10-15').workingDays).toBe(0);
  });
});

describe('calendar-day periods', () => {
  it('end on the n-th day after the start when it is a working day, make-up days included', () => {
    expect(official.addCalendarDays('2025-03-03', 4).deadline).toBe('2025-03-07');
    expect(official.addCalendarDays('2022-11-29', 60).deadline).toBe('2023-01-28'); // a 调休 Saturday
  });

  it('move to the next working day past a weekend or a holiday', () => {
    expect(official.addCalendarDays('2025-03-07', 1).deadline).toBe('2025-03-10');
    expect(official.addCalendarDays('2025-09-30', 8).deadline).toBe('2025-10-09');
  });

  it('run 90 days across a year end', () => {
    expect(official.addCalendarDays('2025-11-15', 90)).toEqual({ deadline: '2026-02-13', provisional: false });
    // Day 90 is 2026-02-18, in the Spring Festival holiday of 02-15 to 02-23.
    expect(official.addCalendarDays('2025-11-20', 90)).toEqual({ deadline: '2026-02-24', provisional: false });
    // Day 90 is Monday 2018-12-31, a holiday under the 2019 notice, and so is 2019-01-01.
    expect(official.addCalendarDays('2018-10-02', 90)).toEqual({ deadline: '2019-01-02', provisional: false });
  });

  it('run 60 days across a year end', () => {
    // Day 60 is 2022-02-01, in the Spring Festival holiday of 01-31 to 02-06.
    expect(official.addCalendarDays('2021-12-03', 60)).toEqual({ deadline: '2022-02-07', provisional: false });
    // Day 60 is 2022-12-31, the first day of the 2023 notice's 元旦 holiday.
    expect(official.addCalendarDays('2022-11-01', 60)).toEqual({ deadline: '2023-01-03', provisional: false });
    expect(official.addCalendarDays('2025-12-01', 60)).toEqual({ deadline: '2026-01-30', provisional: false });
  });
});

describe('years without a notice', () => {
  it('count on plain weekdays and flag the deadline as provisional', () => {
    // 2027-01-01 is a Friday: without the notice it counts as a working day.
    expect(official.addWorkingDays('2026-12-28', 5)).toEqual({ deadline: '2027-01-04', provisional: true });
    expect(official.addCalendarDays('2026-11-01', 90)).toEqual({ deadline: '2027-02-01', provisional: true });
    expect(official.addCalendarDays('2003-12-01', 5)).toEqual({ deadline: '2003-12-08', provisional: true });
    expect(official.workingDaysBetween('2026-12-20', '2027-01-10')).toEqual({ workingDays: 15, provisional: true });
    expect(official.isWorkingDay('2027-02-08')).toBe(true);
  });

  it('leave the last days of December provisional until the next year’s notice is known', () => {
    expect(official.isDefinitive('2026-12-24')).toBe(true);
    expect(official.isDefinitive('2026-12-25')).toBe(false);
    expect(official.addWorkingDays('2026-12-21', 3)).toEqual({ deadline: '2026-12-24', provisional: false });
    expect(official.addWorkingDays('2026-12-21', 4)).toEqual({ deadline: '2026-12-25', provisional: true });
    expect(official.addCalendarDays('2026-10-01', 90)).toEqual({ deadline: '2026-12-30', provisional: true });
    expect(official.isDefinitive('2025-12-31')).toBe(true);
  });

  it('become definitive, and may change, once the notice is recorded with withYear', () => {
    const with2027 = official.withYear(NOTICE_2027);
    expect(with2027.addWorkingDays('2026-12-28', 5)).toEqual({ deadline: '2027-01-05', provisional: false });
    expect(with2027.addCalendarDays('2026-11-01', 90)).toEqual({ deadline: '2027-02-01', provisional: false });
    expect(with2027.addCalendarDays('2026-10-01', 90)).toEqual({ deadline: '2026-12-30', provisional: false });
    // The original calendar is unchanged.
    expect(official.hasYear(2027)).toBe(false);
    expect(official.addWorkingDays('2026-12-28', 5).deadline).toBe('2027-01-04');
  });

  it('let a new notice designate days at the end of the year before', () => {
    const notice: YearNotice = { ...NOTICE_2027, holidays: days('2026-12-31', '2027-01-02'), workdays: ['2027-01-03'] };
    const with2027 = official.withYear(notice);
    expect(with2027.isWorkingDay('2026-12-31')).toBe(false);
    expect(with2027.isWorkingDay('2027-01-03')).toBe(true);
    expect(with2027.addWorkingDays('2026-12-30', 1)).toEqual({ deadline: '2027-01-03', provisional: false });
  });
});

describe('versions and notices', () => {
  it('version the calendar by its data', () => {
    expect(official.version).toMatch(/^[0-9a-f]{16}$/);
    expect(new WorkingCalendar(official.notices).version).toBe(official.version);
    const with2027 = official.withYear(NOTICE_2027);
    expect(with2027.version).not.toBe(official.version);
    expect(with2027.withYear(NOTICE_2027).version).toBe(with2027.version);
    expect(official.withYear(NOTICE_2027, 'admin-2026-11').version).toBe('admin-2026-11');
    expect(new WorkingCalendar([], 'empty').version).toBe('empty');
  });

  it('replace a year’s notice with withYear', () => {
    const without2026 = official.notices.filter((notice) => notice.year !== 2026);
    const amended = official.withYear({ year: 2026, holidays: ['2026-01-01'], workdays: [] });
    expect(amended.notices).toHaveLength(official.notices.length);
    expect(amended.isWorkingDay('2026-01-02')).toBe(true);
    expect(official.isWorkingDay('2026-01-02')).toBe(false);
    expect(new WorkingCalendar(without2026).hasYear(2026)).toBe(false);
  });

  it('keep its notices sorted, without duplicates and frozen', () => {
    const calendar = new WorkingCalendar([
      { year: 2030, holidays: ['2030-01-02', '2030-01-01', '2030-01-01'], workdays: [] },
      { year: 2029, holidays: [], workdays: [] },
    ]);
    expect(calendar.notices.map((notice) => notice.year)).toEqual([2029, 2030]);
    expect(calendar.notice(2030)?.holidays).toEqual(['2030-01-01', '2030-01-02']);
    expect(Object.isFrozen(calendar.notice(2030))).toBe(true);
    expect(Object.isFrozen(calendar.notice(2030)?.holidays)).toBe(true);
  });

  it('refuse notices no State Council notice could be', () => {
    const refused = (notices: YearNotice[]) => () => new WorkingCalendar(notices);
    const error = { code: 'INVALID_HOLIDAY_NOTICE', kind: 'invalid' };
    expect(refused([NOTICE_2027, NOTICE_2027])).toThrow(expect.objectContaining(error));
    expect(refused([{ year: 2027, holidays: ['2027-02-30'], workdays: [] }])).toThrow(expect.objectContaining(error));
    expect(refused([{ year: 2027, holidays: ['2026-12-24'], workdays: [] }])).toThrow(expect.objectContaining(error));
    expect(refused([{ year: 2027, holidays: ['2028-01-01'], workdays: [] }])).toThrow(expect.objectContaining(error));
    // Monday 2027-01-04 as a make-up working day; Saturday 2027-01-02 as both.
    expect(refused([{ year: 2027, holidays: [], workdays: ['2027-01-04'] }])).toThrow(expect.objectContaining(error));
    expect(refused([{ year: 2027, holidays: ['2027-01-02'], workdays: ['2027-01-02'] }])).toThrow(
      expect.objectContaining(error),
    );
    expect(refused([{ year: 2027.5, holidays: [], workdays: [] }])).toThrow(expect.objectContaining(error));
  });

  it('refuse malformed dates and periods', () => {
    expect(() => official.addWorkingDays('2025-13-01', 5)).toThrow(
      expect.objectContaining({ code: 'INVALID_CALENDAR_DATE', kind: 'invalid' }),
    );
    expect(() => official.isWorkingDay('2025-1-1')).toThrow(expect.objectContaining({ code: 'INVALID_CALENDAR_DATE' }));
    for (const period of [0, -1, 1.5, Number.NaN]) {
      expect(() => official.addCalendarDays('2025-01-01', period)).toThrow(
        expect.objectContaining({ code: 'INVALID_PERIOD', kind: 'invalid' }),
      );
    }
  });
});
