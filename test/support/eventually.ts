export interface EventuallyOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** What is awaited, for the failure message. */
  readonly what?: string;
}

/**
 * Polls `probe` until `accept` takes its value and returns that value; fails after `timeoutMs` naming what was awaited
 * and the last value seen. For effects that arrive asynchronously: projections, queue jobs, a child process's output.
 */
export async function eventually<T, S extends T>(
  probe: () => T | Promise<T>,
  accept: (value: T) => value is S,
  options?: EventuallyOptions,
): Promise<S>;
export async function eventually<T>(probe: () => T | Promise<T>, accept: (value: T) => boolean, options?: EventuallyOptions): Promise<T>;
export async function eventually<T>(
  probe: () => T | Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 15_000, intervalMs = 50, what = 'condition' }: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met in ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
