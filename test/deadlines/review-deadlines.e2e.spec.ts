import { afterAll, describe, expect, it } from '@jest/globals';
import { DeadlineQueue } from '../../src/deadlines/deadline-queue.js';
import { DeadlineReconciler } from '../../src/deadlines/deadline-reconciler.js';
import { ProjectionRunner } from '../../src/eventstore/projections/projection-runner.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, dropQueues, startTestApp } from '../support/app.js';
import { passTime, reviewDeadlineSpec } from '../support/deadlines.js';
import { ALL_CLEAR, type Staff, setUpAgency, caseInReview } from '../support/cases.js';
import { eventually } from '../support/eventually.js';

/**
 * The review of a case submitted on Wednesday 2026-03-04 is due on Friday 03-13 (7 working days): the reminder goes
 * out on Wednesday 03-11 at 09:00, the alarm on 03-13 at 09:00, the escalation on Monday 03-16 at 09:00.
 */
const SUBMITTED = '2026-03-04T10:00:00+08:00';
const BEFORE_ANY_ALERT = '2026-03-04T12:00:00+08:00';
const AFTER_ESCALATION = '2026-03-16T10:00:00+08:00';

const apps: TestApp[] = [];
afterAll(async () => {
  for (const app of apps.reverse()) await app.close();
});

async function started(clock: ControlledClock, options: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const t = await startTestApp({ ...options, clock });
  apps.push(t);
  return t;
}

async function submitReview(t: TestApp, staff: Staff): Promise<{ caseId: string; reviewId: string }> {
  return caseInReview(t, staff, { review: { occurredAt: SUBMITTED } });
}

const jobState = async (t: TestApp, jobId: string): Promise<string | undefined> => {
  const job = await t.app.get(DeadlineQueue).queue.getJob(jobId);
  return job ? job.getState() : undefined;
};

describe('review deadlines on BullMQ', () => {
  it('schedule three delayed jobs when a review is submitted, and remove them when the opinion is given', async () => {
    const clock = new ControlledClock(new Date(BEFORE_ANY_ALERT));
    const t = await started(clock);
    const staff = await setUpAgency(t);
    const { reviewId } = await submitReview(t, staff);
    await t.settle();
    const ids = ['reminder', 'due', 'overdue'].map((stage) => `review-due.${reviewId}.r1.${stage}`);
    for (const id of ids) expect(await jobState(t, id)).toBe('delayed');
    const reminder = await t.app.get(DeadlineQueue).queue.getJob(ids[0] ?? '');
    expect(reminder?.delay).toBe(Date.parse('2026-03-11T09:00:00+08:00') - Date.parse(BEFORE_ANY_ALERT));

    await t.http().post(`/api/reviews/${reviewId}/opinion`).auth(staff.reviewer.token, { type: 'bearer' }).send({
      occurredAt: '2026-03-04T11:00:00+08:00',
      outcome: 'approved',
      findings: ALL_CLEAR,
      opinion: '同意',
    }).expect(201);
    await t.settle();
    for (const id of ids) expect(await jobState(t, id)).toBeUndefined();
  });

  it('raise the reminder, the alarm and the escalation to the head, each once, for a review left unanswered', async () => {
    const clock = new ControlledClock(new Date(BEFORE_ANY_ALERT));
    const t = await started(clock);
    const staff = await setUpAgency(t);
    const { reviewId } = await submitReview(t, staff);
    await t.settle();
    const alerts = async (token: string) => {
      await t.settle();
      return (await t.http().get('/api/alerts').auth(token, { type: 'bearer' }).expect(200)).body.items as { stage: string; alertId: string; acknowledgedAt: string | null }[];
    };
    expect(await passTime(t, clock, '2026-03-11T10:00:00+08:00')).toEqual([`review-due.${reviewId}.r1.reminder`]);
    expect((await eventually(() => alerts(staff.reviewer.token), (items) => items.length === 1)).map((a) => a.stage)).toEqual(['reminder']);
    expect(await passTime(t, clock, AFTER_ESCALATION)).toEqual([`review-due.${reviewId}.r1.due`, `review-due.${reviewId}.r1.overdue`]);
    const forReviewer = await eventually(() => alerts(staff.reviewer.token), (items) => items.length === 2);
    expect(forReviewer.map((a) => a.stage).sort()).toEqual(['due', 'reminder']);
    const forHead = await eventually(() => alerts(staff.head.token), (items) => items.length === 1);
    expect(forHead[0]).toMatchObject({ stage: 'overdue', acknowledgedAt: null });
    expect(await alerts(staff.officerC.token)).toEqual([]);

    const raised = await t.app.get(DeadlineQueue).raise({
      spec: reviewDeadlineSpec(reviewId),
      stage: 'overdue',
    });
    expect(raised).toBe('already-raised');
    const review = await t.http().get(`/api/reviews/${reviewId}`).auth(staff.reviewer.token, { type: 'bearer' }).expect(200);
    expect(review.body.status).toBe('pending');

    const ack = await t.http().post(`/api/alerts/${forHead[0]?.alertId}/ack`).auth(staff.head.token, { type: 'bearer' }).expect(200);
    expect(ack.body.acknowledgedBy).toBe(staff.head.id);
    const afterAck = await eventually(() => alerts(staff.head.token), (items) => items[0]?.acknowledgedAt !== null);
    expect(afterAck).toHaveLength(1);
  });

  it('are restored by the reconciler after Redis lost them', async () => {
    const clock = new ControlledClock(new Date(BEFORE_ANY_ALERT));
    const t = await started(clock);
    const staff = await setUpAgency(t);
    const { reviewId } = await submitReview(t, staff);
    await t.settle();
    const id = `review-due.${reviewId}.r1.due`;
    expect(await jobState(t, id)).toBe('delayed');
    await dropQueues(t.database.name);
    expect(await jobState(t, id)).toBeUndefined();
    expect(await t.app.get(DeadlineReconciler).reconcile()).toBeGreaterThanOrEqual(1);
    expect(await jobState(t, id)).toBe('delayed');
  });

  it('are scheduled after a restart when the app stopped between the commit and the enqueue', async () => {
    const clock = new ControlledClock(new Date(BEFORE_ANY_ALERT));
    const first = await started(clock);
    const staff = await setUpAgency(first);
    await first.settle();
    // The projections and reactors stop, as if the process died right after the command committed.
    await first.app.get(ProjectionRunner).stop();
    const { reviewId } = await submitReview(first, staff);
    const id = `review-due.${reviewId}.r1.reminder`;
    expect(await jobState(first, id)).toBeUndefined();

    const restarted = await started(clock, { database: first.database, env: { QUEUE_PREFIX: first.database.name } });
    await restarted.settle();
    expect(await jobState(restarted, id)).toBe('delayed');
  });
});
