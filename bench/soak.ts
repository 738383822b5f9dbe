/**
 * The soak (`npm run soak`): two instances of the built server on a private PostgreSQL and Redis, a steady rate of
 * officers' commands (inspections, hazards, filings, decisions whose publication deadlines raise alerts) and reads
 * for SOAK_MINUTES, then: throughput, p50/p99 latency, the 5xx count, resident memory of each instance at start, end
 * and peak, projection lag during the run, and how long the lag took to return to 0 after the last request.
 *
 * SOAK_MINUTES (default 10), SOAK_RATE (requests per second, default 30), SOAK_CLIENTS (concurrent clients,
 * default 32). Exits non-zero when a 5xx was answered, memory grew past the bound, or the lag did not clear.
 */
import { AppProcess } from '../test/faults/support/app-process.js';
import { health } from '../test/faults/support/checks.js';
import { sleep, startPostgres, startRedis } from '../test/faults/support/services.js';
import { type Answer, Ledger, type Target, call, runStory, setUpAgency } from '../test/faults/support/workload.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const RATE = Number(process.env.SOAK_RATE ?? 30);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 32);
/** Memory may grow by this factor between the end of the first minute (warm) and the end of the run. */
const MEMORY_GROWTH_BOUND = 1.5;
/** After the last request, every projection must be caught up within this. */
const LAG_BOUND_MS = 10_000;

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;
const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);

async function main(): Promise<void> {
  const postgres = await startPostgres('soak');
  const redis = await startRedis();
  const databaseUrl = postgres.urlOf('casetrail');
  const apps = [1, 2].map((n) => new AppProcess(`instance ${n}`, { databaseUrl, redisUrl: redis.url, env: { PROJECTION_POLL_MS: '1000', DEADLINE_RECONCILE_MS: '60000' } }));
  const cleanup = async (): Promise<void> => {
    await Promise.all(apps.map((app) => app.stop().catch(() => undefined)));
    redis.destroy();
    postgres.destroy();
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    await apps[0]!.start();
    await apps[1]!.start();
    const staff = await setUpAgency(apps[0]!.url);
    const targets: Target[] = apps.map((app) => ({ name: app.name, url: app.url }));
    console.log(`soak: ${MINUTES} min at ${RATE} requests/s, ${CLIENTS} clients, 2 instances (${apps.map((a) => a.url).join(', ')})`);

    // A pacer hands out one permit every 1/RATE s; a client waits for one before each request.
    const interval = 1000 / RATE;
    const startedAt = performance.now();
    const endAt = startedAt + MINUTES * 60_000;
    let issued = 0;
    const pace = async (): Promise<void> => {
      const slot = startedAt + issued++ * interval;
      const wait = slot - performance.now();
      if (wait > 0) await sleep(wait);
    };
    const ledger = new Ledger();
    const reads: Answer[] = [];
    let turn = 0;
    const target = (): Target => targets[turn++ % targets.length] as Target;

    const memory = apps.map(() => ({ start: 0, warm: 0, max: 0, end: 0 }));
    apps.forEach((app, i) => (memory[i]!.start = memory[i]!.max = app.rss()));
    let maxLag = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await sleep(5000);
        const elapsed = performance.now() - startedAt;
        apps.forEach((app, i) => {
          const rss = app.rss();
          const m = memory[i]!;
          m.max = Math.max(m.max, rss);
          m.end = rss;
          if (elapsed < 65_000) m.warm = rss;
        });
        const states = await Promise.all(apps.map((app) => health(app.url)));
        for (const state of states) for (const p of state?.projections ?? []) if (p.state === 'active') maxLag = Math.max(maxLag, p.lag);
      }
    })();

    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      while (performance.now() < endAt) {
        const caseId = await runStory(ledger, staff, client, target, client % 2 === 0 ? 'past' : 'today', pace);
        if (!caseId || performance.now() >= endAt) continue;
        await pace();
        reads.push(await call(target().url, 'GET', `/api/cases/${caseId}`, staff.officer.token));
        await pace();
        reads.push(await call(target().url, 'GET', '/api/cases?pageSize=20', staff.officer.token));
      }
    });
    const progress = setInterval(() => {
      const done = ledger.attempts.length + reads.length;
      console.log(`soak: ${((performance.now() - startedAt) / 60_000).toFixed(1)} min, ${done} requests, rss ${apps.map((a) => mb(a.rss())).join(' / ')}`);
    }, 60_000);
    await Promise.all(clients);
    clearInterval(progress);
    const loadEnded = performance.now();
    const seconds = (loadEnded - startedAt) / 1000;

    // Lag back to 0: every projection, on the instance that runs it.
    let lagClearedMs = -1;
    while (performance.now() - loadEnded < 60_000) {
      const states = await Promise.all(apps.map((app) => health(app.url)));
      const active = states.flatMap((s) => (s?.projections ?? []).filter((p) => p.state === 'active'));
      if (active.length > 0 && active.every((p) => p.lag === 0)) {
        lagClearedMs = performance.now() - loadEnded;
        break;
      }
      await sleep(50);
    }
    sampling = false;
    await sampler;
    apps.forEach((app, i) => (memory[i]!.end = app.rss()));

    const answers = [...ledger.attempts.map((a) => a.answer), ...reads];
    const commandLatencies = ledger.attempts.map((a) => a.answer.ms).sort((a, b) => a - b);
    const allLatencies = answers.map((a) => a.ms).sort((a, b) => a - b);
    const serverErrors = answers.filter((a) => a.status !== null && a.status >= 500).length;
    const noAnswer = answers.filter((a) => a.status === null).length;
    const statuses: Record<string, number> = {};
    for (const a of answers) statuses[String(a.status ?? a.error)] = (statuses[String(a.status ?? a.error)] ?? 0) + 1;
    const grown = memory.map((m) => (m.warm > 0 ? m.end / m.warm : 1));

    const lines = [
      `duration: ${seconds.toFixed(0)} s; requests: ${answers.length} (${ledger.attempts.length} commands, ${reads.length} reads)`,
      `throughput: ${(answers.length / seconds).toFixed(1)} requests/s (target ${RATE}); commands ${(ledger.attempts.length / seconds).toFixed(1)}/s`,
      `latency, all: p50 ${percentile(allLatencies, 50).toFixed(1)} ms, p99 ${percentile(allLatencies, 99).toFixed(1)} ms, max ${(allLatencies.at(-1) ?? 0).toFixed(0)} ms`,
      `latency, commands: p50 ${percentile(commandLatencies, 50).toFixed(1)} ms, p99 ${percentile(commandLatencies, 99).toFixed(1)} ms`,
      `statuses: ${JSON.stringify(statuses)}; 5xx: ${serverErrors}; no answer: ${noAnswer}`,
      ...memory.map(
        (m, i) => `memory (RSS) instance ${i + 1}: start ${mb(m.start)}, after 1 min ${mb(m.warm)}, end ${mb(m.end)}, max ${mb(m.max)} (end/warm ${grown[i]!.toFixed(2)}, bound ${MEMORY_GROWTH_BOUND})`,
      ),
      `projection lag: max ${maxLag} events during the run; back to 0 ${lagClearedMs < 0 ? 'NOT within 60 s' : `${(lagClearedMs / 1000).toFixed(2)} s`} after the last request`,
    ];
    for (const line of lines) console.log(`soak: ${line}`);
    const failures = [
      serverErrors > 0 ? `${serverErrors} answers were 5xx` : null,
      noAnswer > 0 ? `${noAnswer} requests got no answer` : null,
      grown.some((g) => g > MEMORY_GROWTH_BOUND) ? 'memory grew past the bound' : null,
      lagClearedMs < 0 || lagClearedMs > LAG_BOUND_MS ? `lag did not clear within ${LAG_BOUND_MS / 1000} s` : null,
    ].filter((f): f is string => f !== null);
    console.log(failures.length === 0 ? 'soak: PASS' : `soak: FAIL: ${failures.join('; ')}`);
    process.exitCode = failures.length === 0 ? 0 : 1;
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error('soak failed:', error instanceof Error ? error.stack : error);
  process.exit(1);
});
