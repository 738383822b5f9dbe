import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { FAULT_CHECKPOINT_KEY_FILE, ROOT } from './support/app-process.js';
import {
  alertsSettled,
  brokenChains,
  converged,
  duplicatedEffects,
  missingAcknowledged,
  readModelMismatches,
  versionGaps,
  wrongAlerts,
} from './support/checks.js';
import { type Environment, startEnvironment } from './support/environment.js';
import { report } from './support/report.js';
import { waitFor } from './support/services.js';
import { type Attempt, call, startLoad } from './support/workload.js';

let env: Environment;
beforeAll(async () => {
  env = await startEnvironment('kill9');
});
afterAll(async () => {
  await env?.close();
});

it('kill -9 under 16 clients: every acknowledged command is stored, none is half-written, chains verify, all converges', async () => {
  const app = env.apps[0]!;
  const load = startLoad({ clients: 16, staff: env.staff, targets: [{ name: app.name, url: app.url }], timing: 'past' });
  await waitFor('150 acknowledged commands', async () => (load.ledger.acknowledged().length >= 150 ? true : undefined), 90_000);
  await app.kill();
  await load.stop();
  const cutOff = load.ledger.unknown();
  expect(cutOff.length).toBeGreaterThan(0);

  await app.start();
  // A client that got no answer retries with the same Idempotency-Key, at once: a command cut off before its commit
  // left nothing and runs now; one that had committed left its response with its events, which the retry gets back.
  const retries: { attempt: Attempt; status: number | null; code: string; replayed: boolean }[] = [];
  for (const attempt of cutOff) {
    const { path: route, body, key } = attempt.command;
    const answer = await call(app.url, 'POST', route, env.staff.officer.token, body, key);
    retries.push({ attempt, status: answer.status, code: (answer.body as { code?: string } | null)?.code ?? '', replayed: answer.replayed });
    if (answer.status !== null && answer.status < 300) {
      const caseId = attempt.caseId ?? (answer.body as { caseId?: string }).caseId ?? null;
      load.ledger.attempts.push({ command: attempt.command, answer, instance: app.name, caseId });
    }
  }
  const retryOutcomes: Record<string, number> = {};
  for (const r of retries) {
    const label = [r.status, r.code, r.replayed ? 'replayed' : ''].filter(Boolean).join(' ');
    retryOutcomes[label] = (retryOutcomes[label] ?? 0) + 1;
  }
  const notDone = retries.filter((r) => r.status === null || r.status >= 300);
  expect(notDone.map((r) => `${r.attempt.command.path}: ${r.status} ${r.code}`)).toEqual([]);

  expect(await missingAcknowledged(env.pool, load.ledger)).toEqual([]);
  expect(await versionGaps(env.pool)).toEqual([]);
  const chains = await brokenChains(env.pool);
  expect(chains.broken).toEqual([]);
  expect(chains.streams).toBeGreaterThan(40);
  expect(await duplicatedEffects(env.pool)).toEqual([]);

  await converged([app.url]);
  expect(await readModelMismatches(env.pool)).toEqual([]);
  const deadlines = load.ledger.decidedCases().map((caseId) => `publish.${caseId}`);
  expect(deadlines.length).toBeGreaterThan(5);
  expect(wrongAlerts(await alertsSettled(env.pool, deadlines), deadlines)).toEqual([]);

  report('kill-9', {
    requests: load.ledger.attempts.length,
    outcomes: load.ledger.byStatus(),
    cutOff: cutOff.length,
    retries: retryOutcomes,
    streamsVerified: chains.streams,
    decisions: deadlines.length,
  });

  // The operator's check of the whole log, where this build has it.
  const cli = path.join(ROOT, 'dist/src/cli/casetrail.js');
  if (existsSync(path.join(ROOT, 'dist/src/cli/commands/verify.command.js'))) {
    execFileSync(process.execPath, [cli, 'verify'], {
      env: { PATH: process.env.PATH, DATABASE_URL: env.databaseUrl, REDIS_URL: env.redis.url, LOG_LEVEL: 'silent', CHECKPOINT_KEY_FILE: FAULT_CHECKPOINT_KEY_FILE },
      stdio: 'pipe',
      timeout: 60_000,
    });
  }
});
