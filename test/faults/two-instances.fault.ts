import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  alertsSettled,
  converged,
  expectRecordWhole,
  health,
  readModelMismatches,
  wrongAlerts,
} from './support/checks.js';
import { type Environment, startEnvironment } from './support/environment.js';
import { report } from './support/report.js';
import { sleep, waitFor } from './support/services.js';
import { call, startLoad } from './support/workload.js';

let env: Environment;
beforeAll(async () => {
  env = await startEnvironment('two', { instances: 2 });
});
afterAll(async () => {
  await env?.close();
});

const shanghaiDate = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

it('two instances on one PostgreSQL and Redis: each projection runs once, each alert is raised once, statistics match the log', async () => {
  const [first, second] = env.apps as [NonNullable<(typeof env.apps)[0]>, NonNullable<(typeof env.apps)[1]>];
  const targets = env.apps.map((app) => ({ name: app.name, url: app.url }));
  const load = startLoad({ clients: 12, staff: env.staff, targets, timing: 'past' });

  // While the load runs, no projection may be active on both instances at once.
  const doubleActive = new Set<string>();
  let samples = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const [a, b] = await Promise.all([health(first.url), health(second.url)]);
      if (a && b) {
        samples += 1;
        for (const p of a.projections) {
          if (p.state === 'active' && b.projections.some((q) => q.name === p.name && q.state === 'active')) doubleActive.add(p.name);
        }
      }
      await sleep(250);
    }
  })();
  await waitFor('300 acknowledged commands', async () => (load.ledger.acknowledged().length >= 300 ? true : undefined), 120_000);
  await load.stop();
  sampling = false;
  await sampler;

  const served = new Set(load.ledger.acknowledged().map((a) => a.instance));
  expect([...served].sort()).toEqual([first.name, second.name]);
  expect(load.ledger.unknown().map((a) => `${a.command.path}: ${a.answer.status ?? a.answer.error}`)).toEqual([]);
  expect(samples).toBeGreaterThan(5);
  expect([...doubleActive]).toEqual([]);

  const [h1, h2] = await converged([first.url, second.url]);
  // Every projection is active on exactly one instance and stands by on the other.
  for (const p of h1!.projections) {
    const other = h2!.projections.find((q) => q.name === p.name);
    expect([p.name, [p.state, other?.state].sort()]).toEqual([p.name, ['active', 'standby']]);
  }

  await expectRecordWhole(env.pool, load.ledger);
  expect(await readModelMismatches(env.pool)).toEqual([]);

  const deadlines = load.ledger.decidedCases().map((caseId) => `publish.${caseId}`);
  expect(deadlines.length).toBeGreaterThan(10);
  expect(wrongAlerts(await alertsSettled(env.pool, deadlines), deadlines)).toEqual([]);
  await converged([first.url, second.url]);
  expect(await readModelMismatches(env.pool)).toEqual([]);

  // The statistics projection against a count straight from the events.
  const now = Date.now();
  const period = { from: shanghaiDate(now - 90 * 86_400_000), to: shanghaiDate(now) };
  const { rows } = await env.pool.query<{ inspections: string; hazards: string; fines: string }>(
    `SELECT count(*) FILTER (WHERE type = 'CaseOpened') AS inspections,
            count(*) FILTER (WHERE type = 'HazardFound') AS hazards,
            coalesce(sum((p->>'amountFen')::bigint) FILTER (WHERE type = 'DecisionMade' AND p->>'type' = 'fine'), 0) AS fines
     FROM events LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN type = 'DecisionMade' THEN data->'penalties' ELSE '[]' END) p ON true
     WHERE stream_type = 'case'`,
  );
  const counted = rows[0]!;
  for (const app of env.apps) {
    const answer = await call(app.url, 'GET', `/api/reports/statistics?from=${period.from}&to=${period.to}`, env.staff.district);
    expect(answer.status).toBe(200);
    const figures = (answer.body as { figures: Record<string, number> }).figures;
    expect({ inspections: figures.inspections, hazards: figures.hazards, finesFen: figures.finesFen }).toEqual({
      inspections: Number(counted.inspections),
      hazards: Number(counted.hazards),
      finesFen: Number(counted.fines),
    });
  }

  report('two-instances', {
    requests: load.ledger.attempts.length,
    outcomes: load.ledger.byStatus(),
    byInstance: Object.fromEntries([...served].map((name) => [name, load.ledger.acknowledged().filter((a) => a.instance === name).length])),
    healthSamples: samples,
    decisions: deadlines.length,
    inspections: Number(counted.inspections),
  });
});
