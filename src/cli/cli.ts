/** What a command returns: the process's exit code. */
export const EXIT_OK = 0;
/** The command ran and found a problem (a broken chain, a refused import, a failed rebuild). */
export const EXIT_FAILED = 1;
/** The command could not run: bad arguments or configuration. */
export const EXIT_USAGE = 2;

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Loaded on use: `token` need not load the whole application the way `rebuild` does. */
  load(): Promise<{ run(args: readonly string[]): Promise<number> }>;
}

/** Thrown for bad arguments: the dispatcher prints the message and the command's usage, and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Results go to stdout (so they can be piped), progress and messages to stderr. */
export const say = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

export const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
}

export function perSecond(count: number, ms: number): string {
  return ms > 0 ? Math.round((count * 1000) / ms).toLocaleString('en-US') : '-';
}
