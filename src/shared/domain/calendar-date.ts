/** A legal date: `YYYY-MM-DD` in Asia/Shanghai, a real day of the Gregorian calendar. */
export type CalendarDate = string;

export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date | string): CalendarDate {
  return SHANGHAI.format(typeof instant === 'string' ? new Date(instant) : instant);
}
