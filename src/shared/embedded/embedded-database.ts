import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EmbeddedMessage } from './pglite-server.js';

export interface EmbeddedDatabase {
  /** Where the app connects (127.0.0.1, a free port). */
  readonly url: string;
  readonly dataDir: string;
  readonly postgresVersion: string;
  readonly pid: number;
  /** Resolves when the child process ends, whoever ended it. */
  readonly exited: Promise<void>;
  /** Closes PGlite cleanly and waits for the child to end. Call it after every connection to it is closed. */
  stop(): Promise<void>;
}

const SERVER_SCRIPT = fileURLToPath(new URL('./pglite-server.js', import.meta.url));
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

/** Starts the embedded PostgreSQL (PGlite over a local socket) in a child process, with its files in `dataDir`. */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  // No inherited --inspect or loader flags: the child is plain Node.
  const child = fork(SERVER_SCRIPT, [dataDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Extract<EmbeddedMessage, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the embedded database did not start in time')), START_TIMEOUT_MS);
    child.on('message', (message: EmbeddedMessage) => {
      clearTimeout(timer);
      if (message.type === 'ready') resolve(message);
      else reject(new Error(`the embedded database did not start: ${message.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the embedded database exited while starting (code ${code})`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  let stopping: Promise<void> | null = null;
  return {
    url: ready.url,
    dataDir,
    postgresVersion: ready.postgresVersion,
    pid: child.pid ?? 0,
    exited,
    stop: () => (stopping ??= stopChild(child, exited)),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.send({ type: 'stop' });
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
