import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Private PostgreSQL and Redis servers for the fault scenarios and the soak. Each lives on a free port of 127.0.0.1
 * with its files in a temporary folder; a scenario stops, kills and restarts only these, never the shared servers
 * that other tests run against.
 */

const SHARED_PORTS = new Set([5432, 6379]);
const live = new Set<{ destroy(): void }>();

// A test process that dies without its cleanup still takes its private servers with it.
process.once('exit', () => live.forEach((service) => service.destroy()));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined, or throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`${what} did not happen within ${timeoutMs} ms${why}`);
    }
    await sleep(everyMs);
  }
}

function postgresBin(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return fromEnv;
  const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(a) - Number(b));
  const latest = versions.at(-1);
  if (!latest) throw new Error('no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)');
  return `/usr/lib/postgresql/${latest}/bin`;
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** initdb and pg_ctl refuse to run as root: there they run as the postgres user. */
function asServerUser(command: string, args: readonly string[]): { command: string; args: string[] } {
  return isRoot() ? { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] } : { command, args: [...args] };
}

function run(command: string, args: readonly string[]): string {
  const call = asServerUser(command, args);
  return execFileSync(call.command, call.args, { cwd: '/', encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export type StopMode = 'fast' | 'immediate';

export interface PrivatePostgres {
  readonly port: number;
  /** The server (database `postgres`); `urlOf(name)` names a database on it. */
  urlOf(database: string): string;
  stop(mode?: StopMode): void;
  start(): void;
  restart(mode?: StopMode): void;
  running(): boolean;
  destroy(): void;
}

/** A fresh PostgreSQL cluster of its own (trust on 127.0.0.1), started. */
export async function startPostgres(label: string): Promise<PrivatePostgres> {
  const bin = postgresBin();
  const port = await freePort();
  if (SHARED_PORTS.has(port)) throw new Error(`refusing the shared port ${port}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), `casetrail-${label}-pg-`));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  run(`${bin}/initdb`, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C.UTF-8']);
  // fsync off: the faults here are process crashes, whose committed WAL the operating system keeps anyway.
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    `-c listen_addresses=127.0.0.1`,
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
    '-c shared_buffers=64MB',
  ].join(' ');
  let started = false;
  const pgctl = (args: string[]): string => run(`${bin}/pg_ctl`, ['-D', data, ...args]);
  const service: PrivatePostgres = {
    port,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start() {
      pgctl(['-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
      started = true;
    },
    stop(mode = 'fast') {
      pgctl(['-m', mode, '-w', '-t', '60', 'stop']);
      started = false;
    },
    restart(mode = 'fast') {
      service.stop(mode);
      service.start();
    },
    running: () => started,
    destroy() {
      live.delete(service);
      const call = asServerUser(`${bin}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      if (started) spawnSync(call.command, call.args, { cwd: '/', stdio: 'ignore' });
      started = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(service);
  service.start();
  return service;
}

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Kills the server (its data is gone: it keeps none on disk). */
  stop(): Promise<void>;
  start(): Promise<void>;
  running(): boolean;
  /** Runs a command on this server only, e.g. ['FLUSHALL']. */
  command(args: readonly string[]): string;
  destroy(): void;
}

export async function startRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  if (SHARED_PORTS.has(port)) throw new Error(`refusing the shared port ${port}`);
  let child: ChildProcess | null = null;
  const cli = (args: readonly string[]): string =>
    execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  const service: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const server = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--maxmemory-policy', 'noeviction'],
        { cwd: os.tmpdir(), stdio: 'ignore' },
      );
      child = server;
      await waitFor('private Redis to answer', async () => (cli(['PING']) === 'PONG' ? true : undefined), 20_000, 100);
    },
    async stop() {
      const server = child;
      child = null;
      if (!server || server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    },
    running: () => child !== null,
    command(args) {
      if (SHARED_PORTS.has(port)) throw new Error('never on the shared Redis');
      return cli(args);
    },
    destroy() {
      live.delete(service);
      child?.kill('SIGKILL');
      child = null;
    },
  };
  live.add(service);
  await service.start();
  return service;
}
