import { CalendarService } from '../../src/calendar/calendar.service.js';
import { DeadlineQueue } from '../../src/deadlines/deadline-queue.js';
import { type DeadlineSpec, fireTimes } from '../../src/deadlines/domain/deadline.js';
import type { ControlledClock } from '../../src/shared/clock.js';
import type { TestApp } from './app.js';

/**
 * Lets time pass on a ControlledClock up to `instant`. BullMQ waits real milliseconds, so the delayed deadline jobs
 * whose stage time the clock has now reached are promoted to run at once; a job held back for the back-fill grace
 * belongs to a stage already past, so it is promoted too (the grace has elapsed). `deadlineId` limits it to the jobs of
 * one deadline. Returns the promoted job ids.
 */
export async function passTime(t: TestApp, clock: ControlledClock, instant?: string, deadlineId?: string): Promise<string[]> {
  if (instant) clock.set(instant);
  const queue = t.app.get(DeadlineQueue).queue;
  const calendar = t.app.get(CalendarService).current();
  const promoted: string[] = [];
  for (const job of await queue.getDelayed()) {
    const { spec, stage } = job.data;
    if (deadlineId !== undefined && spec.deadlineId !== deadlineId) continue;
    if (fireTimes(spec, calendar)[stage].getTime() > clock.now().getTime()) continue;
    await job.promote();
    promoted.push(String(job.id));
  }
  return promoted.sort();
}

/** The deadline of the first round of a legal review submitted on 2026-03-04 (what `submitLegalReview` submits by default). */
export const reviewDeadlineSpec = (reviewId: string): DeadlineSpec => ({
  deadlineId: `review-due.${reviewId}.r1`,
  kind: 'review_due',
  streamId: `review-${reviewId}`,
  agencyId: 'dazu-emb',
  dueDate: '2026-03-13',
  provisional: false,
  basis: { from: '2026-03-04', workingDays: 7 },
  subject: '法制审核（第1轮）',
  notify: { reminder: 'reviewer', due: 'reviewer', overdue: 'head' },
});
