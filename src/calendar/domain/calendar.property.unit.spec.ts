import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { officialCalendar } from './official-notices.js';

const calendar = officialCalendar();

const FIRST = Date.UTC(2004, 0, 1);
const LAST = Date.UTC(2026, 10, 30);
const DAY_MS = 86_400_000;

const dateAt = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const plusDays = (date: string, days: number): string => dateAt(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);

/** A day of the years chinese-days carries, far enough from their end that 30 working days stay inside them. */
const calendarDate = fc.integer({ min: 0, max: (LAST - FIRST) / DAY_MS }).map((offset) => dateAt(FIRST + offset * DAY_MS));
const period = fc.integer({ min: 1, max: 30 });

const RUNS = { numRuns: 2000 };

describe('deadlines on the official calendar, for any start day and period', () => {
  it('a working-day deadline is a working day, exactly N working days after the start', () => {
    fc.assert(
      fc.property(calendarDate, period, (from, n) => {
        const { deadline } = calendar.addWorkingDays(from, n);
        expect(calendar.isWorkingDay(deadline)).toBe(true);
        expect(calendar.workingDaysBetween(from, deadline).workingDays).toBe(n);
      }),
      RUNS,
    );
  });

  it('a calendar-day deadline is the first working day on or after the N-th day', () => {
    fc.assert(
      fc.property(calendarDate, period, (from, n) => {
        const { deadline } = calendar.addCalendarDays(from, n);
        const nthDay = plusDays(from, n);
        expect(calendar.isWorkingDay(deadline)).toBe(true);
        expect(deadline >= nthDay).toBe(true);
        for (let day = nthDay; day < deadline; day = plusDays(day, 1)) expect(calendar.isWorkingDay(day)).toBe(false);
      }),
      RUNS,
    );
  });
});
