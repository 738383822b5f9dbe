import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { CalendarService } from '../../src/calendar/calendar.service.js';
import type { DeadlineView } from '../../src/calendar/queries/calendar.http.controller.js';
import { type TestApp, startTestApp } from '../support/app.js';

let t: TestApp;
let admin: string;
let officer: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = t.token({ sub: 'admin-1', roles: ['admin'] });
  officer = t.token({ sub: 'officer-1', roles: ['officer'] });
});
afterAll(async () => {
  await t.close();
});

const deadline = (query: Record<string, string | number>, app: TestApp = t) =>
  app.http().get('/api/calendar/deadline').query(query).auth(officer, { type: 'bearer' });
const year = (value: number | string) => t.http().get(`/api/calendar/years/${value}`).auth(officer, { type: 'bearer' });
const recordNotice = (value: number | string, body: object, token = admin) =>
  t.http().put(`/api/calendar/years/${value}`).auth(token, { type: 'bearer' }).send(body);

async function eventsOf(streamId: string): Promise<number> {
  const rows = await t.app
    .get(DataSource)
    .query<{ count: number }[]>('SELECT count(*)::int AS count FROM events WHERE stream_id = $1', [streamId]);
  return rows[0]?.count ?? 0;
}

/** Every day from `first` to `last` inclusive. */
function days(first: string, last: string = first): string[] {
  const result: string[] = [];
  for (let day = new Date(`${first}T00:00:00Z`); day <= new Date(`${last}T00:00:00Z`); day.setUTCDate(day.getUTCDate() + 1)) {
    result.push(day.toISOString().slice(0, 10));
  }
  return result;
}

/** Hypothetical (the 2027 notice is not yet published): 元旦 Fri 01-01 to Sun 01-03, 春节 Sat 02-06 to Fri 02-12. */
const NOTICE_2027 = {
  noticeNumber: '国办发明电〔2026〕99号',
  publishedOn: '2026-11-10',
  holidays: [...days('2027-01-01', '2027-01-03'), ...days('2027-02-06', '2027-02-12')],
  workdays: ['2027-02-20'],
};

describe('deadlines on the official calendar: the worked examples of domain.md §4.1', () => {
  it.each([
    ['2021-09-30', { workingDays: 7 }, '2021-10-15'],
    ['2026-02-13', { workingDays: 7 }, '2026-03-02'],
    ['2025-09-30', { workingDays: 5 }, '2025-10-14'],
    ['2025-09-16', { calendarDays: 15 }, '2025-10-09'],
  ])('%s + %j = %s', async (from, period, expected) => {
    const response = await deadline({ from, ...period }).expect(200);
    expect(response.body).toEqual({
      from,
      ...period,
      deadline: expected,
      provisional: false,
      calendarVersion: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  it.each([
    [{ from: '2025-09-30' }, ['workingDays', 'calendarDays']],
    [{ from: '2025-09-30', workingDays: 5, calendarDays: 5 }, ['workingDays', 'calendarDays']],
    [{ from: '2025-09-30', workingDays: 0 }, ['workingDays']],
    [{ from: '2025-09-30', calendarDays: 367 }, ['calendarDays']],
    [{ from: '2025-09-30', workingDays: 'five' }, ['workingDays']],
    [{ from: '2025-02-29', workingDays: 5 }, ['from']],
    [{ workingDays: 5, until: '2025-10-01' }, ['from', 'until']],
  ])('refuses %j with field errors on %j', async (query, fields) => {
    const response = await deadline(query).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([...fields].sort());
  });

  it('needs a token', async () => {
    await t.http().get('/api/calendar/deadline?from=2025-09-30&workingDays=5').expect(401);
  });
});

describe('the years of the calendar', () => {
  it('show the seeded notices with their working days (domain.md §4.2)', async () => {
    const response = await year(2021).expect(200);
    expect(response.body).toMatchObject({
      year: 2021,
      source: 'official',
      noticeNumber: '国办发明电〔2020〕27号',
      publishedOn: null,
      workingDays: 250,
      provisional: false,
      version: 0,
    });
    expect(response.body.workdays).toEqual(['2021-02-07', '2021-02-20', '2021-04-25', '2021-05-08', '2021-09-18', '2021-09-26', '2021-10-09']);
    expect((await year(2026).expect(200)).body).toMatchObject({ source: 'official', noticeNumber: null, workingDays: 248 });
  });

  it('show a year without a notice as provisional, counted Monday to Friday', async () => {
    expect((await year(2027).expect(200)).body).toMatchObject({
      year: 2027,
      source: 'none',
      noticeNumber: null,
      holidays: [],
      workdays: [],
      workingDays: 261,
      provisional: true,
    });
  });

  it.each([2003, 2101, 'mmxxvii', '2027.5'])('refuse the year %s', async (value) => {
    const response = await year(value).expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'year' }] });
  });
});

describe('recording a holiday notice', () => {
  it('is for administrators only', async () => {
    await recordNotice(2027, NOTICE_2027, officer).expect(403);
  });

  it.each([
    ['a make-up working day on a weekday', { workdays: ['2027-02-22'] }, /2027-02-22 is not a weekend day/],
    ['a day outside the notice’s range', { holidays: ['2028-01-01'] }, /2028-01-01 is outside 2026-12-25 to 2027-12-31/],
  ])('refuses %s with INVALID_HOLIDAY_NOTICE', async (_, changes, detail) => {
    const response = await recordNotice(2027, { ...NOTICE_2027, ...changes }).expect(400);
    expect(response.body).toMatchObject({ code: 'INVALID_HOLIDAY_NOTICE', year: 2027, detail: expect.stringMatching(detail) });
  });

  it('reports every invalid field at once', async () => {
    const response = await recordNotice(2027, { noticeNumber: '', publishedOn: '2026-11-31', holidays: ['2027-02-30'], extra: 1 }).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(
      ['extra', 'holidays', 'noticeNumber', 'publishedOn', 'workdays'].sort(),
    );
    await recordNotice(2003, NOTICE_2027).expect(400);
    expect(await eventsOf('calendar-2027')).toBe(0);
  });

  it('turns a provisional deadline reaching into the year into a definitive one', async () => {
    const workingDays = { from: '2026-12-30', workingDays: 7 };
    const springFestival = { from: '2027-01-22', calendarDays: 15 };
    const unchanged = { from: '2027-01-15', calendarDays: 15 };
    const answers = (): Promise<DeadlineView[]> =>
      Promise.all(
        [workingDays, springFestival, unchanged].map(async (query) => (await deadline(query).expect(200)).body as DeadlineView),
      );
    const before = await answers();
    // Monday to Friday: 2027-01-01 and 2027-02-08 count as working days for now.
    expect(before).toEqual([
      expect.objectContaining({ deadline: '2027-01-08', provisional: true }),
      expect.objectContaining({ deadline: '2027-02-08', provisional: true }),
      expect.objectContaining({ deadline: '2027-02-01', provisional: true }),
    ]);

    const recorded = await recordNotice(2027, NOTICE_2027).expect(201, { year: 2027, version: 1 });
    expect(recorded.headers.etag).toBe('"1"');

    const after = await answers();
    expect(after).toEqual([
      expect.objectContaining({ deadline: '2027-01-11', provisional: false }),
      expect.objectContaining({ deadline: '2027-02-15', provisional: false }),
      expect.objectContaining({ deadline: '2027-02-01', provisional: false }),
    ]);
    expect(after[0]?.calendarVersion).not.toBe(before[0]?.calendarVersion);
  });

  it('shows the recorded year', async () => {
    const response = await year(2027).expect(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.body).toEqual({
      year: 2027,
      source: 'recorded',
      ...NOTICE_2027,
      workingDays: 261 - 6 + 1,
      provisional: false,
      version: 1,
      calendarVersion: expect.any(String),
    });
  });

  it('appends nothing when the same notice is recorded again, and refuses a stale If-Match', async () => {
    await recordNotice(2027, { ...NOTICE_2027, holidays: [...NOTICE_2027.holidays].reverse() }).expect(200, { year: 2027, version: 1 });
    expect(await eventsOf('calendar-2027')).toBe(1);
    await t
      .http()
      .put('/api/calendar/years/2027')
      .auth(admin, { type: 'bearer' })
      .set('If-Match', '"0"')
      .send({ ...NOTICE_2027, workdays: [] })
      .expect(412);
  });

  it('reaches another instance at its startup and at its next refresh', async () => {
    await t.settle();
    const other = await startTestApp({ database: t.database });
    try {
      const query = { from: '2027-01-29', workingDays: 1 };
      const mine = await deadline(query).expect(200);
      expect((await deadline(query, other).expect(200)).body).toEqual(mine.body);
      expect(mine.body).toMatchObject({ deadline: '2027-02-01' });

      // A correction: Sunday 2027-01-31 becomes a make-up working day.
      const corrected = { ...NOTICE_2027, workdays: ['2027-01-31', '2027-02-20'] };
      await recordNotice(2027, corrected).expect(200, { year: 2027, version: 2 });
      expect((await deadline(query).expect(200)).body).toMatchObject({ deadline: '2027-01-31' });
      expect((await deadline(query, other).expect(200)).body).toMatchObject({ deadline: '2027-02-01' });

      await t.settle();
      await other.app.get(CalendarService).refresh();
      expect((await deadline(query, other).expect(200)).body).toEqual((await deadline(query).expect(200)).body);
    } finally {
      await other.close();
    }
  });

  it('replaces a year chinese-days carries (a correction)', async () => {
    const seeded: { workdays: string[]; holidays: string[] } = (await year(2024).expect(200)).body;
    expect(seeded).toMatchObject({ source: 'official', workingDays: 251 });
    expect((await deadline({ from: '2024-10-11', workingDays: 1 }).expect(200)).body.deadline).toBe('2024-10-12');

    // Hypothetically, without the make-up Saturday 2024-10-12.
    const workdays = seeded.workdays.filter((date) => date !== '2024-10-12');
    const correction = { noticeNumber: '国办发明电〔2023〕7号', publishedOn: '2023-10-25', holidays: seeded.holidays, workdays };
    await recordNotice(2024, correction).expect(201, { year: 2024, version: 1 });

    expect((await year(2024).expect(200)).body).toMatchObject({ source: 'recorded', ...correction, workingDays: 250 });
    expect((await deadline({ from: '2024-10-11', workingDays: 1 }).expect(200)).body.deadline).toBe('2024-10-14');
  });
});
