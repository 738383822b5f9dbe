import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TEST_JWT_SECRET } from '../support/app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/src/cli/casetrail.js');

/**
 * Compiles the project once for the CLI tests (the CLI runs as the built file, the way operators run it). The
 * build's own exit status is not the test's concern (`npm run check` is): tsc emits the JavaScript either way.
 */
export async function buildOnce(): Promise<void> {
  if (process.env.CASETRAIL_CLI_PREBUILT === 'true' && existsSync(CLI)) return;
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
  }).catch(() => undefined);
  if (!existsSync(CLI)) throw new Error(`the build did not produce ${CLI}`);
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
