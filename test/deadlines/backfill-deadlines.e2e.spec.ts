import { afterAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DeadlineQueue } from '../../src/deadlines/deadline-queue.js';
import { DeadlineReconciler } from '../../src/deadlines/deadline-reconciler.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, dropQueues, startTestApp } from '../support/app.js';
import { ALL_CLEAR, type Staff, openCase, setUpAgency, caseInReview } from '../support/cases.js';
import { passTime, reviewDeadlineSpec } from '../support/deadlines.js';
import { eventually } from '../support/eventually.js';

/**
 * Steps recorded with a past business date (a client back-filling last year's cases). The review of a case submitted
 * on 2026-03-04 is due on 03-13: its reminder goes out on 03-11, the alarm on 03-13, the escalation on 03-16, at 09:00.
 * The grace is an hour here, so that no job of these tests fires by itself: `passTime` lets it elapse.
 */
const SUBMITTED = '2026-03-04T10:00:00+08:00';
const AFTER_ESCALATION = '2026-03-16T10:00:00+08:00';
const GRACE_MS = 3_600_000;

const apps: TestApp[] = [];
afterAll(async () => {
  for (const app of apps.reverse()) await app.close();
});

async function started(clock: ControlledClock): Promise<{ t: TestApp; staff: Staff }> {
  const t = await startTestApp({ clock, env: { DEADLINE_BACKFILL_GRACE_MS: String(GRACE_MS) } });
  apps.push(t);
  return { t, staff: await setUpAgency(t) };
}

async function submitReview(t: TestApp, staff: Staff): Promise<string> {
  const { reviewId } = await caseInReview(t, staff, { review: { occurredAt: SUBMITTED } });
  await t.settle();
  return reviewId;
}

/** The state of each stage's job: undefined where there is none. */
async function jobs(t: TestApp, reviewId: string): Promise<Record<string, string | undefined>> {
  const queue = t.app.get(DeadlineQueue).queue;
  const result: Record<string, string | undefined> = {};
  for (const stage of ['reminder', 'due', 'overdue']) {
    const job = await queue.getJob(`review-due.${reviewId}.r1.${stage}`);
    result[stage] = job ? await job.getState() : undefined;
  }
  return result;
}

/** The alert events in the log, as `<deadlineId>:<stage>`. */
async function alertEvents(t: TestApp): Promise<string[]> {
  const rows = await t.app
    .get(DataSource)
    .query<{ d: string; stage: string }[]>(
      `SELECT data->>'deadlineId' AS d, data->>'stage' AS stage FROM events
       WHERE type IN ('DeadlineReminderIssued', 'DeadlineDue', 'DeadlineMissed') ORDER BY global_position`,
    );
  return rows.map((row) => `${row.d}:${row.stage}`);
}

describe('a deadline set when its stages had already passed', () => {
  it('raises the escalation alone, once, after the grace: no reminder and no alarm for a deadline already missed', async () => {
    const clock = new ControlledClock(new Date(AFTER_ESCALATION));
    const { t, staff } = await started(clock);
    const reviewId = await submitReview(t, staff);
    expect(await jobs(t, reviewId)).toEqual({ reminder: undefined, due: undefined, overdue: 'delayed' });
    const held = await t.app.get(DeadlineQueue).queue.getJob(`review-due.${reviewId}.r1.overdue`);
    expect(held?.delay).toBe(GRACE_MS);

    expect(await passTime(t, clock)).toEqual([`review-due.${reviewId}.r1.overdue`]);
    expect(await eventually(() => alertEvents(t), (events) => events.length > 0)).toEqual([`review-due.${reviewId}.r1:overdue`]);
    expect(await eventually(() => jobs(t, reviewId), (states) => states.overdue === 'completed')).toEqual({
      reminder: undefined,
      due: undefined,
      overdue: 'completed',
    });
    await t.settle();
    const listed = async (token: string) => (await t.http().get('/api/alerts').auth(token, { type: 'bearer' }).expect(200)).body.items as { stage: string }[];
    expect((await listed(staff.head.token)).map((a) => a.stage)).toEqual(['overdue']);
    expect(await listed(staff.reviewer.token)).toEqual([]);

    // The reconciler keeps to the rule: it brings back neither stage the setting left out, nor the fired one twice.
    await t.app.get(DeadlineReconciler).reconcile();
    expect(await jobs(t, reviewId)).toEqual({ reminder: undefined, due: undefined, overdue: 'completed' });
    expect(await t.app.get(DeadlineQueue).raise({ spec: reviewDeadlineSpec(reviewId), stage: 'overdue' })).toBe('already-raised');
    expect(await alertEvents(t)).toEqual([`review-due.${reviewId}.r1:overdue`]);
  });

  it('raises nothing when the step that meets it is recorded within the grace', async () => {
    const clock = new ControlledClock(new Date(AFTER_ESCALATION));
    const { t, staff } = await started(clock);
    const reviewId = await submitReview(t, staff);
    expect(await jobs(t, reviewId)).toEqual({ reminder: undefined, due: undefined, overdue: 'delayed' });

    await t.http().post(`/api/reviews/${reviewId}/opinion`).auth(staff.reviewer.token, { type: 'bearer' }).send({
      occurredAt: '2026-03-16T09:30:00+08:00',
      outcome: 'approved',
      findings: ALL_CLEAR,
      opinion: '同意',
    }).expect(201);
    await t.settle();
    expect(await jobs(t, reviewId)).toEqual({ reminder: undefined, due: undefined, overdue: undefined });
    // A job that had already been taken when the opinion came finds the review answered.
    expect(await t.app.get(DeadlineQueue).raise({ spec: reviewDeadlineSpec(reviewId), stage: 'overdue' })).toBe('no-longer-due');
    expect(await passTime(t, clock)).toEqual([]);
    expect(await alertEvents(t)).toEqual([]);
  });

  it('keeps the stages still ahead at their times, and the reconciler re-creates what the rule leaves', async () => {
    // On 03-13 at 10:00 the reminder and the alarm have passed; the escalation of 03-16 is ahead.
    const clock = new ControlledClock(new Date('2026-03-13T10:00:00+08:00'));
    const { t, staff } = await started(clock);
    const reviewId = await submitReview(t, staff);
    const queue = t.app.get(DeadlineQueue).queue;
    expect(await jobs(t, reviewId)).toEqual({ reminder: undefined, due: 'delayed', overdue: 'delayed' });
    expect((await queue.getJob(`review-due.${reviewId}.r1.due`))?.delay).toBe(GRACE_MS);
    expect((await queue.getJob(`review-due.${reviewId}.r1.overdue`))?.delay).toBe(
      Date.parse('2026-03-16T09:00:00+08:00') - clock.now().getTime(),
    );

    await dropQueues(t.database.name);
    await t.app.get(DeadlineReconciler).reconcile();
    expect(await jobs(t, reviewId)).toEqual({ reminder: undefined, due: 'delayed', overdue: 'delayed' });

    // Redis lost again, found after the escalation: only the escalation comes back.
    await dropQueues(t.database.name);
    clock.set(AFTER_ESCALATION);
    await t.app.get(DeadlineReconciler).reconcile();
    expect(await jobs(t, reviewId)).toEqual({ reminder: undefined, due: undefined, overdue: 'delayed' });
  });

  it('back-filling a year of decisions raises one escalation per publication really left unpublished', async () => {
    // A client records last year's simple-procedure decisions and publishes all but two of them right after.
    const clock = new ControlledClock(new Date('2026-03-20T10:00:00+08:00'));
    const { t, staff } = await started(clock);
    const decided: string[] = [];
    for (let n = 0; n < 12; n += 1) {
      const day = `2025-${String(1 + n).padStart(2, '0')}-15`;
      const caseId = await openCase(t, staff, { occurredAt: `${day}T09:00:00+08:00` });
      await t.http().post(`/api/cases/${caseId}/filing`).auth(staff.officerA.token, { type: 'bearer' }).send({
        occurredAt: `${day}T09:10:00+08:00`,
        procedure: 'simple',
        violations: [{ description: '未按规定保持疏散通道畅通', legalBasis: '《安全生产法》第二十八条' }],
        approvedBy: staff.head.id,
        intendedPenalties: [{ type: 'fine', amountFen: 10_000 }],
      }).expect(201);
      await t.http().post(`/api/cases/${caseId}/decision`).auth(staff.officerA.token, { type: 'bearer' }).send({
        occurredAt: `${day}T09:20:00+08:00`,
        procedure: 'simple',
        outcome: 'penalty',
        decisionNumber: `大足应急简罚〔2025〕${100 + n}号`,
        penalties: [{ type: 'fine', amountFen: 10_000 }],
      }).expect(201);
      decided.push(caseId);
    }
    await t.settle();
    const unpublished = decided.slice(-2);
    for (const caseId of decided.slice(0, -2)) {
      await t.http().post(`/api/publications/${caseId}/publish`).auth(staff.officerA.token, { type: 'bearer' }).send({
        occurredAt: '2025-12-31T09:00:00+08:00',
      }).expect(201);
    }
    await t.settle();

    expect(await passTime(t, clock)).toEqual(unpublished.map((caseId) => `publish.${caseId}.overdue`).sort());
    const expected = unpublished.map((caseId) => `publish.${caseId}:overdue`).sort();
    expect((await eventually(() => alertEvents(t), (events) => events.length >= 2)).sort()).toEqual(expected);
    await t.settle();
    expect((await alertEvents(t)).sort()).toEqual(expected);
  });
});
