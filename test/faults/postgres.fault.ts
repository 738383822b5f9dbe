import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  alertsSettled,
  converged,
  expectRecordWhole,
  readModelMismatches,
  wrongAlerts,
} from './support/checks.js';
import { type Environment, startEnvironment } from './support/environment.js';
import { report } from './support/report.js';
import { sleep, waitFor } from './support/services.js';
import { startLoad } from './support/workload.js';

let env: Environment;
beforeAll(async () => {
  env = await startEnvironment('pg');
});
afterAll(async () => {
  await env?.close();
});

it('PostgreSQL restarted mid-load: requests fail cleanly with 503, the app reconnects by itself, nothing acknowledged is lost', async () => {
  const app = env.apps[0]!;
  const load = startLoad({ clients: 12, staff: env.staff, targets: [{ name: app.name, url: app.url }], timing: 'past' });
  await waitFor('100 acknowledged commands', async () => (load.ledger.acknowledged().length >= 100 ? true : undefined), 60_000);

  // A crash of the server (immediate: no checkpoint, recovery from the WAL), down for a few seconds.
  env.postgres.stop('immediate');
  const downFrom = load.ledger.attempts.length;
  await sleep(3000);
  env.postgres.start();
  const upFrom = load.ledger.attempts.length;
  const ackedBeforeRecovery = load.ledger.acknowledged().length;
  await waitFor('100 more acknowledged commands after the restart', async () => (load.ledger.acknowledged().length >= ackedBeforeRecovery + 100 ? true : undefined), 60_000);
  await load.stop();

  const duringOutage = load.ledger.attempts.slice(downFrom, upFrom);
  const failed = load.ledger.attempts.filter((a) => a.answer.status === null || a.answer.status >= 500);
  // Every failure is a 503 problem, with nothing of the server's insides in it; the app never stopped answering.
  expect(duringOutage.length).toBeGreaterThan(0);
  expect(failed.length).toBeGreaterThan(0);
  expect(
    failed
      .filter((a) => a.answer.status !== 503 || !a.answer.contentType?.startsWith('application/problem+json'))
      .map((a) => `${a.command.path}: ${a.answer.status ?? a.answer.error} ${JSON.stringify(a.answer.body)}`),
  ).toEqual([]);
  expect(failed.filter((a) => /\bat \S+ \(|node_modules|stack/i.test(JSON.stringify(a.answer.body)))).toEqual([]);
  expect(new Set(failed.map((a) => (a.answer.body as { code?: string }).code))).toEqual(new Set(['SERVICE_UNAVAILABLE']));
  expect(app.running()).toBe(true);

  await expectRecordWhole(env.pool, load.ledger);
  await converged([app.url]);
  expect(await readModelMismatches(env.pool)).toEqual([]);
  const deadlines = load.ledger.decidedCases().map((caseId) => `publish.${caseId}`);
  expect(wrongAlerts(await alertsSettled(env.pool, deadlines), deadlines)).toEqual([]);

  report('postgres-restart', {
    requests: load.ledger.attempts.length,
    outcomes: load.ledger.byStatus(),
    requestsWhileDown: duringOutage.length,
    decisions: deadlines.length,
  });
});
