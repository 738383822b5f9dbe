import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TEST_JWT_SECRET } from '../support/app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/src/cli/casetrail.js');

/**
 * Compiles the project once per run of the tests, for the CLI tests (the CLI runs as the built file, the way
 * operators run it). Test files run side by side: the first to get here builds, the others wait for its build, so
 * that no CLI started by one of them loads a file another one is rewriting. The build's own exit status is not the
 * test's concern (`npm run check` is): tsc emits the JavaScript either way.
 */
export async function buildOnce(): Promise<void> {
  if (process.env.CASETRAIL_CLI_PREBUILT === 'true' && existsSync(CLI)) return;
  const run = `${process.env.CASETRAIL_TEST_RUN ?? 'local'}-${createHash('sha256').update(ROOT).digest('hex').slice(0, 8)}`;
  const built = path.join(tmpdir(), `casetrail-cli-built-${run}`);
  const building = path.join(tmpdir(), `casetrail-cli-building-${run}`);
  if (existsSync(built) && existsSync(CLI)) return;
  try {
    writeFileSync(building, String(process.pid), { flag: 'wx' });
  } catch {
    // Another test file of this run is building: wait for it (or, if it died, build after all).
    for (const deadline = Date.now() + 180_000; !existsSync(built) && existsSync(building) && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (existsSync(built) && existsSync(CLI)) return;
  }
  try {
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
    }).catch(() => undefined);
    if (!existsSync(CLI)) throw new Error(`the build did not produce ${CLI}`);
    writeFileSync(built, '');
  } finally {
    rmSync(building, { force: true });
  }
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `casetrail <args>` against a database, as a child process with the environment an operator would set. */
export function runCli(args: readonly string[], databaseUrl: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: databaseUrl,
        REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
        JWT_SECRET: TEST_JWT_SECRET,
        QUEUE_PREFIX: new URL(databaseUrl).pathname.slice(1),
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
