/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) with its files in a directory, served over TCP
 * on 127.0.0.1 by pglite-socket. It runs in a child process of its own, so that its work (every query of the app and
 * of the queues) does not share the app's event loop. Started by `startEmbeddedDatabase` with the data directory as
 * its argument; reports `{type: 'ready', url}` over IPC, and stops on `{type: 'stop'}` or when the parent goes away.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, type Socket, createServer } from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { SessionQueue } from './session-queue.js';

export type EmbeddedMessage =
  | { readonly type: 'ready'; readonly url: string; readonly postgresVersion: string }
  | { readonly type: 'failed'; readonly message: string };

/** BullMQ's backend names its objects unqualified and pins its schema with a startup option, which PGlite ignores. */
const SEARCH_PATH = 'public, bullmq';

function send(message: EmbeddedMessage): void {
  process.send?.(message);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Two processes on one PGlite directory would corrupt it: the first holds a lock file, a second refuses to start. */
function lock(dataDir: string): string {
  const file = path.join(dataDir, 'casetrail.pid');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
      throw new Error(`the data directory ${dataDir} is in use by process ${holder}`);
    }
    // Left behind by a process that died: take it over.
    rmSync(file, { force: true });
  }
  throw new Error(`could not lock the data directory ${dataDir}`);
}

/**
 * pglite-socket's server with a queue of our own (see SessionQueue): every client connection gets a handler that
 * speaks the wire protocol, and the queue decides whose message the one session runs next.
 */
async function serve(db: PGlite): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const queue = new SessionQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const server = createServer((socket: Socket) => {
    const handler = new PGLiteSocketHandler({
      queryQueue: queue as unknown as PGLiteSocketHandlerOptions['queryQueue'],
      closeOnDetach: true,
    });
    handlers.add(handler);
    const forget = (): void => void handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('the embedded database has no address');
  return {
    server,
    url: `postgres://postgres@127.0.0.1:${address.port}/postgres`,
    close: async () => {
      await Promise.all([...handlers].map((handler) => handler.detach(true)));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: pglite-server <data directory>');
  mkdirSync(dataDir, { recursive: true });
  const lockFile = lock(dataDir);
  let db: PGlite | null = null;
  let server: Awaited<ReturnType<typeof serve>> | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await server?.close().catch(() => undefined);
      // A clean close checkpoints, so the next start needs no recovery.
      await db?.close().catch(() => undefined);
      rmSync(lockFile, { force: true });
    })());
  const stopAndExit = (): void => {
    void stop().finally(() => process.exit(0));
  };
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'stop') stopAndExit();
  });
  // The parent stopped or died: nothing uses the database any more.
  process.on('disconnect', stopAndExit);
  process.on('SIGTERM', stopAndExit);
  // Ctrl-C reaches the whole process group: the parent closes its connections first, then stops this process.
  process.on('SIGINT', () => undefined);
  try {
    db = await PGlite.create({ dataDir: path.join(dataDir, 'pglite') });
    await db.exec(`SET search_path TO ${SEARCH_PATH}`);
    const version = await db.query<{ server_version: string }>('SHOW server_version');
    server = await serve(db);
    send({
      type: 'ready',
      url: server.url,
      postgresVersion: version.rows[0]?.server_version ?? 'unknown',
    });
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    await stop();
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
