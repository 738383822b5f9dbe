/** The part of PGlite the queue uses. */
export interface PgliteSession {
  runExclusive<T>(work: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void>;
  isInTransaction(): boolean;
  exec(sql: string): Promise<unknown>;
}

interface Pending {
  readonly connection: number;
  readonly message: Uint8Array;
  readonly onData: (data: Uint8Array) => void;
  readonly resolve: (bytes: number) => void;
  readonly reject: (error: Error) => void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

/**
 * Whether, after this message, the connection that sent it has nothing left open on the session outside a
 * transaction block. A startup packet (no type byte: its first byte is the high byte of its length, 0), a simple
 * query and a Sync end what they began; Parse, Bind, Describe, Execute and the rest of an extended-protocol exchange
 * leave the unnamed statement and portal in use until the Sync that follows them.
 */
export function closesExchange(message: Uint8Array): boolean {
  const type = message[0];
  return type === 0 || type === SYNC || type === QUERY || type === TERMINATE;
}

/**
 * Puts the messages of many client connections through PGlite's one session. A connection keeps the session from
 * its first message until the session is idle again: until its Sync, outside a transaction block, or until its
 * COMMIT or ROLLBACK, inside one. pglite-socket's own queue keeps it for transaction blocks only, so the Parse of
 * one connection could replace the unnamed statement another one had parsed and was about to bind.
 *
 * Shaped like pglite-socket's QueryQueueManager, whose place it takes in each PGLiteSocketHandler.
 */
export class SessionQueue {
  private readonly queue: Pending[] = [];
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PgliteSession) {}

  enqueue(connection: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ connection, message, onData, resolve, reject });
      void this.run();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** The connection went away: its waiting messages are dropped. */
  clearQueueForHandler(connection: number): void {
    for (let i = this.queue.length - 1; i >= 0; i -= 1) {
      const pending = this.queue[i];
      if (pending?.connection === connection) {
        this.queue.splice(i, 1);
        pending.reject(new Error('the connection closed'));
      }
    }
  }

  /** The connection went away while it held the session: its transaction is rolled back and the session freed. */
  async clearTransactionIfNeeded(connection: number): Promise<void> {
    if (this.owner !== connection) return;
    await this.db.runExclusive(async () => {
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    });
    this.owner = null;
    void this.run();
  }

  private next(): Pending | undefined {
    const index = this.owner === null ? 0 : this.queue.findIndex((pending) => pending.connection === this.owner);
    return index < 0 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let pending = this.next(); pending; pending = this.next()) {
        let bytes = 0;
        const { message, onData } = pending;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(message, {
              onRawData: (data) => {
                bytes += data.length;
                onData(data);
              },
            }),
          );
        } catch (error) {
          this.owner = null;
          pending.reject(error instanceof Error ? error : new Error(String(error)));
          continue;
        }
        this.owner = closesExchange(message) && !this.db.isInTransaction() ? null : pending.connection;
        pending.resolve(bytes);
      }
    } finally {
      this.running = false;
    }
  }
}
