import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from './services.js';

/** The key every fault scenario's instances sign log checkpoints with, and `casetrail verify` checks them against. */
export const FAULT_CHECKPOINT_KEY_FILE = path.join(tmpdir(), 'casetrail-faults-checkpoint-key.pem');
/** The key-encryption key every instance of a scenario wraps the personal-data keys under (created on first start). */
export const FAULT_PERSONAL_DATA_KEK_FILE = path.join(tmpdir(), 'casetrail-faults-personal-data-kek');
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..').replace(/\/dist$/, '');
/** The built server: `npm run build` first (`npm run test:faults` and `npm run soak` do). */
export const MAIN = path.join(ROOT, 'dist/src/main.js');
export const FAULT_JWT_SECRET = 'casetrail-fault-secret-0123456789abcdefgh';

export interface AppOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly env?: Record<string, string>;
}

/** casetrail as a real process, on its own port, against the given (private) PostgreSQL and Redis. */
export class AppProcess {
  private child: ChildProcess | null = null;
  private output = '';
  port = 0;

  constructor(
    readonly name: string,
    private readonly options: AppOptions,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The last lines the process printed (for a failure's message). */
  tail(chars = 4000): string {
    return this.output.slice(-chars);
  }

  async start(timeoutMs = 90_000): Promise<void> {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build`);
    if (this.port === 0) this.port = await freePort();
    this.output = '';
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        NODE_ENV: 'production',
        // Always both: without them the server would start its embedded database instead.
        DATABASE_URL: this.options.databaseUrl,
        REDIS_URL: this.options.redisUrl,
        JWT_SECRET: FAULT_JWT_SECRET,
        // Production requires it; every instance of a scenario signs with the same key.
        CHECKPOINT_KEY_FILE: FAULT_CHECKPOINT_KEY_FILE,
        PERSONAL_DATA_KEK_FILE: FAULT_PERSONAL_DATA_KEK_FILE,
        PORT: String(this.port),
        LOG_LEVEL: 'warn',
        PROJECTION_POLL_MS: '200',
        DEADLINE_RECONCILE_MS: '2000',
        // The workload's decisions are weeks old: their escalations fire at once, as the scenarios expect.
        DEADLINE_BACKFILL_GRACE_MS: '0',
        ...this.options.env,
      },
    });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-200_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    try {
      await waitFor(
        `${this.name} to answer`,
        async () => {
          if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.tail()}`);
          const response = await fetch(`${this.url}/api/health/live`);
          return response.ok ? true : undefined;
        },
        timeoutMs,
        200,
      );
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${this.tail()}`, { cause: error });
    }
  }

  /** kill -9: no shutdown hook runs. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: the server closes its connections and exits. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** Resident memory of the process, in bytes (from /proc). */
  rss(): number {
    const pid = this.child?.pid;
    if (!pid) return 0;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : 0;
    } catch {
      return 0;
    }
  }

  running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }
}
