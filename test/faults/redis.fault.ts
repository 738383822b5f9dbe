import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  alertsSettled,
  converged,
  expectRecordWhole,
  readModelMismatches,
  wrongAlerts,
} from './support/checks.js';
import { type Environment, startEnvironment } from './support/environment.js';
import { deadlineQueue, missingJobs } from './support/queue.js';
import { report } from './support/report.js';
import { sleep, waitFor } from './support/services.js';
import { Ledger, startLoad } from './support/workload.js';

let env: Environment;
beforeAll(async () => {
  env = await startEnvironment('redis');
});
afterAll(async () => {
  await env?.close();
});

it('Redis stopped, restarted empty and flushed: commands keep working, the reconciler restores every job, alerts once', async () => {
  const app = env.apps[0]!;
  const targets = [{ name: app.name, url: app.url }];
  const ledger = new Ledger();
  // Decisions of weeks ago (their alerts are all due) and of today (their jobs wait for days in Redis).
  const past = startLoad({ clients: 6, staff: env.staff, targets, timing: 'past', ledger });
  const today = startLoad({ clients: 6, staff: env.staff, targets, timing: 'today', ledger });
  const acked = async (n: number): Promise<void> => {
    const target = ledger.acknowledged().length + n;
    await waitFor(`${n} more acknowledged commands`, async () => (ledger.acknowledged().length >= target ? true : undefined), 60_000);
  };

  await acked(60);
  await env.redis.stop();
  const duringOutage = ledger.attempts.length;
  await acked(80);
  await sleep(1000);
  const outageRequests = ledger.attempts.length - duringOutage;
  await env.redis.start();
  await acked(60);
  env.redis.command(['FLUSHALL']);
  await acked(60);
  await Promise.all([past.stop(), today.stop()]);

  // Redis is not on the write path: every command was answered 2xx, through the outage too.
  expect(ledger.unknown().map((a) => `${a.command.path}: ${a.answer.status ?? a.answer.error}`)).toEqual([]);
  expect(ledger.attempts.filter((a) => a.answer.status !== null && a.answer.status >= 300).map((a) => a.answer.body)).toEqual([]);
  expect(outageRequests).toBeGreaterThan(50);

  await converged([app.url]);
  await expectRecordWhole(env.pool, ledger);
  expect(await readModelMismatches(env.pool)).toEqual([]);

  // Every pending deadline has its jobs again, re-created from PostgreSQL after the flush.
  const queue = deadlineQueue(env.redis.port);
  try {
    const pending = (await env.pool.query<{ deadline_id: string }>(`SELECT deadline_id FROM deadlines WHERE status = 'pending'`)).rows.map(
      (row) => row.deadline_id,
    );
    expect(pending.length).toBeGreaterThan(20);
    const restored = await waitFor('the reconciler to restore every job', async () => ((await missingJobs(queue, pending)).length === 0 ? true : undefined), 30_000).catch(
      () => false,
    );
    expect(await missingJobs(queue, pending)).toEqual([]);
    expect(restored).toBe(true);
    const waiting = await queue.getJobCounts('delayed');

    // Alerts of the due deadlines: the escalation exactly once, though their jobs were lost and re-created.
    const decisions = ledger.acknowledged().filter((a) => a.command.eventType === 'DecisionMade' && a.caseId);
    const weeksAgo = (a: (typeof decisions)[number]): boolean =>
      Date.parse((a.command.body as { occurredAt: string }).occurredAt) < Date.now() - 20 * 86_400_000;
    const dueIds = decisions.filter(weeksAgo).map((a) => `publish.${a.caseId}`);
    const aheadIds = decisions.filter((a) => !weeksAgo(a)).map((a) => `publish.${a.caseId}`);
    expect(dueIds.length).toBeGreaterThan(5);
    expect(aheadIds.length).toBeGreaterThan(5);
    const counts = await alertsSettled(env.pool, dueIds);
    expect(wrongAlerts(counts, dueIds)).toEqual([]);
    // The deadlines of today's decisions are days ahead: re-created, their jobs wait; none may have fired early.
    expect(aheadIds.filter((id) => counts.has(id))).toEqual([]);
    expect(aheadIds.filter((id) => !pending.includes(id))).toEqual([]);

    report('redis', {
      requests: ledger.attempts.length,
      outcomes: ledger.byStatus(),
      requestsWhileRedisDown: outageRequests,
      pendingDeadlines: pending.length,
      delayedJobsAfterFlush: waiting.delayed,
      dueDeadlines: dueIds.length,
    });
  } finally {
    await queue.close();
  }
});
