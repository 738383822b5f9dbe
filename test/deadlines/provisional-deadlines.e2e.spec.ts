import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DeadlineQueue } from '../../src/deadlines/deadline-queue.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { type Staff, setUpAgency, caseInReview } from '../support/cases.js';

/**
 * A review submitted on Monday 2026-12-28 is due 7 working days later, in 2027, a year with no holiday notice yet:
 * counted on weekdays it is due 2027-01-06 and provisional. Once the 2027 notice is recorded (元旦 on 01-01), it is
 * due 2027-01-07, definitive, and its jobs follow.
 */
let t: TestApp;
let staff: Staff;
const clock = new ControlledClock(new Date('2026-12-28T12:00:00+08:00'));

beforeAll(async () => {
  t = await startTestApp({ clock });
  staff = await setUpAgency(t);
});
afterAll(async () => {
  await t.close();
});

const deadlineRow = async (deadlineId: string) =>
  (
    await t.app
      .get(DataSource)
      .query<{ due_date: string; provisional: boolean }[]>(
        'SELECT due_date::text, provisional FROM deadlines WHERE deadline_id = $1',
        [deadlineId],
      )
  )[0];

describe('a provisional deadline', () => {
  it('is counted again, and its jobs rescheduled, when the year it reaches into is recorded', async () => {
    const { reviewId } = await caseInReview(t, staff, {
      opening: { occurredAt: '2026-12-28T09:00:00+08:00' },
      filing: { occurredAt: '2026-12-28T10:00:00+08:00' },
      review: { occurredAt: '2026-12-28T11:00:00+08:00' },
    });
    const deadlineId = `review-due.${reviewId}.r1`;
    await t.settle();
    expect(await deadlineRow(deadlineId)).toEqual({ due_date: '2027-01-06', provisional: true });
    const queue = t.app.get(DeadlineQueue).queue;
    const dueJob = await queue.getJob(`${deadlineId}.due`);
    expect(dueJob?.delay).toBe(Date.parse('2027-01-06T09:00:00+08:00') - clock.now().getTime());

    const admin = t.token({ sub: 'admin-district', agency: 'dazu-district', roles: ['admin', 'district'] });
    await t.http().put('/api/calendar/years/2027').auth(admin, { type: 'bearer' }).send({
      noticeNumber: '国办发明电〔2026〕99号',
      publishedOn: '2026-11-20',
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      workdays: [],
    }).expect(201);
    await t.settle();
    expect(await deadlineRow(deadlineId)).toEqual({ due_date: '2027-01-07', provisional: false });
    const moved = await queue.getJob(`${deadlineId}.due`);
    expect(moved?.delay).toBe(Date.parse('2027-01-07T09:00:00+08:00') - clock.now().getTime());
    const recomputed = await t.app
      .get(DataSource)
      .query<{ data: { spec: { dueDate: string; provisional: boolean } } }[]>(
        `SELECT data FROM events WHERE stream_id = $1 AND type = 'DeadlineRecomputed'`,
        [`review-${reviewId}`],
      );
    expect(recomputed.map((e) => e.data.spec)).toEqual([expect.objectContaining({ dueDate: '2027-01-07', provisional: false })]);
  });
});
