import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { STAGES, type Stage, stageJobs } from './deadline.js';

/** A review due Friday 2026-03-13: reminder on 03-11, alarm on 03-13, escalation on Monday 03-16, at 09:00. */
const TIMES: Record<Stage, Date> = {
  reminder: new Date('2026-03-11T09:00:00+08:00'),
  due: new Date('2026-03-13T09:00:00+08:00'),
  overdue: new Date('2026-03-16T09:00:00+08:00'),
};
const MINUTE = 60_000;
const at = (instant: string): Date => new Date(instant);
const plan = (now: string, graceMs = MINUTE): [Stage, string][] =>
  stageJobs(TIMES, at(now), graceMs).map((job) => [job.stage, job.at.toISOString()]);

describe('the stage jobs of a deadline', () => {
  it('keep every stage at its time while all are ahead', () => {
    expect(plan('2026-03-04T10:00:00+08:00')).toEqual(STAGES.map((stage) => [stage, TIMES[stage].toISOString()]));
  });

  it('collapse the stages already past into the most severe one, held back for the grace', () => {
    const now = '2026-03-20T10:00:00+08:00';
    expect(plan(now)).toEqual([['overdue', new Date(Date.parse(now) + MINUTE).toISOString()]]);
  });

  it('drop a past reminder when the alarm is past too, and keep the escalation ahead at its time', () => {
    const now = '2026-03-13T10:00:00+08:00';
    expect(plan(now)).toEqual([
      ['due', new Date(Date.parse(now) + MINUTE).toISOString()],
      ['overdue', TIMES.overdue.toISOString()],
    ]);
  });

  it('drop a past stage when a more severe one comes within the grace, which then keeps its own time', () => {
    const now = '2026-03-13T08:59:30+08:00';
    expect(plan(now)).toEqual([
      ['due', TIMES.due.toISOString()],
      ['overdue', TIMES.overdue.toISOString()],
    ]);
  });

  it('with no grace, raise the one late stage at once', () => {
    const now = '2026-03-12T10:00:00+08:00';
    expect(plan(now, 0)).toEqual([
      ['reminder', at(now).toISOString()],
      ['due', TIMES.due.toISOString()],
      ['overdue', TIMES.overdue.toISOString()],
    ]);
  });

  it('never bring back later a stage dropped earlier, and never fire a stage before its time', () => {
    const start = TIMES.reminder.getTime() - 3 * 86_400_000;
    const span = TIMES.overdue.getTime() + 3 * 86_400_000 - start;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: 86_400_000 }), (a, b, grace) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const first = stageJobs(TIMES, new Date(start + earlier), grace);
        const second = stageJobs(TIMES, new Date(start + later), grace);
        const kept = new Set(first.map((job) => job.stage));
        expect(second.filter((job) => !kept.has(job.stage))).toEqual([]);
        for (const job of [...first, ...second]) expect(job.at.getTime()).toBeGreaterThanOrEqual(TIMES[job.stage].getTime());
        // The most severe stage is never dropped: a deadline left unmet is always escalated.
        expect(second.some((job) => job.stage === 'overdue')).toBe(true);
      }),
    );
  });
});
