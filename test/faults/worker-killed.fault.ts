import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { alertCounts, alertsSettled, converged, readModelMismatches, wrongAlerts } from './support/checks.js';
import { type Environment, startEnvironment } from './support/environment.js';
import { deadlineQueue } from './support/queue.js';
import { report } from './support/report.js';
import { sleep, waitFor } from './support/services.js';
import { Ledger, startLoad } from './support/workload.js';

let env: Environment;
beforeAll(async () => {
  env = await startEnvironment('worker');
});
afterAll(async () => {
  await env?.close();
});

interface AlertJob {
  readonly spec: { readonly deadlineId: string };
  readonly stage: string;
}

it('a worker killed mid-job: the job is retried and its alert is raised once', async () => {
  const app = env.apps[0]!;
  const redis = new Redis({ host: '127.0.0.1', port: env.redis.port, maxRetriesPerRequest: 3 });
  redis.on('error', () => undefined);
  const queue = deadlineQueue(env.redis.port);
  const ledger = new Ledger();
  try {
    // Decisions of weeks ago make their alert jobs due at once; the process is killed while one of them is active.
    let interrupted: string[] = [];
    let killedAt = 0;
    let tries = 0;
    while (interrupted.length === 0 && tries < 8) {
      tries += 1;
      const load = startLoad({ clients: 16, staff: env.staff, targets: [{ name: app.name, url: app.url }], timing: 'past', ledger });
      const active = await waitFor(
        'a deadline job to be active',
        async () => {
          const ids = await redis.lrange('casetrail:deadlines:active', 0, -1);
          return ids.length > 0 ? ids : undefined;
        },
        60_000,
        1,
      );
      await app.kill();
      killedAt = Date.now();
      await load.stop();
      // Only a job still marked active after the kill was cut off mid-way (not one that finished in between).
      const left = new Set(await redis.lrange('casetrail:deadlines:active', 0, -1));
      interrupted = active.filter((id) => left.has(id));
      await app.start();
    }
    expect(interrupted.length).toBeGreaterThan(0);

    // The restarted worker finds the job stalled (its lock expired with the dead process) and runs it again.
    const outcomes = await waitFor(
      'the interrupted jobs to complete',
      async () => {
        const jobs = await Promise.all(interrupted.map((id) => queue.getJob(id)));
        const states = await Promise.all(jobs.map((job) => (job ? job.getState() : Promise.resolve('missing'))));
        return states.every((state) => state === 'completed') ? jobs : undefined;
      },
      120_000,
      500,
    );
    for (const job of outcomes) {
      expect(job?.finishedOn ?? 0).toBeGreaterThan(killedAt);
      expect(['raised', 'already-raised', 'no-longer-due']).toContain(job?.returnvalue);
    }
    const counts = await alertCounts(env.pool);
    for (const job of outcomes) {
      const data = job?.data as AlertJob;
      expect([job?.id, counts.get(data.spec.deadlineId)?.[data.stage]]).toEqual([job?.id, 1]);
    }

    const deadlines = ledger.decidedCases().map((caseId) => `publish.${caseId}`);
    expect(wrongAlerts(await alertsSettled(env.pool, deadlines), deadlines)).toEqual([]);
    await converged([app.url]);
    await sleep(500);
    expect(await readModelMismatches(env.pool)).toEqual([]);

    report('worker-killed', {
      tries,
      interruptedJobs: interrupted,
      outcomes: outcomes.map((job) => job?.returnvalue as unknown),
      decisions: deadlines.length,
      requests: ledger.attempts.length,
    });
  } finally {
    await queue.close();
    redis.disconnect();
  }
});
