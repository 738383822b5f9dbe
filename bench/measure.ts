import { performance } from 'node:perf_hooks';

/** How long single operations took, over every timed round. */
export interface LatencySummary {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** The throughputs (operations per second) one side reached, one per round. */
export interface Measurement {
  readonly name: string;
  readonly operationsPerRound: number;
  readonly rates: readonly number[];
  readonly latency?: LatencySummary;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/** The nearest-rank percentile: the smallest value that at least `fraction` of the values do not exceed. */
export function percentile(values: readonly number[], fraction: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

export const summarizeLatencies = (latenciesMs: readonly number[]): LatencySummary => ({
  p50Ms: percentile(latenciesMs, 0.5),
  p99Ms: percentile(latenciesMs, 0.99),
});

/** Runs `work` and returns how many operations per second it did; `work` returns how many it did. */
export async function rateOf(work: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const operations = await work();
  const seconds = (performance.now() - started) / 1000;
  return operations / seconds;
}

/** One loop per writer, all running at once, each doing `operationsPerWriter` operations one after the other. */
export async function runWriters<Writer>(
  writers: readonly Writer[],
  operationsPerWriter: number,
  operation: (writer: Writer) => Promise<void>,
): Promise<number> {
  await Promise.all(
    writers.map(async (writer) => {
      for (let done = 0; done < operationsPerWriter; done += 1) await operation(writer);
    }),
  );
  return writers.length * operationsPerWriter;
}

/**
 * Measures both sides round after round, swapping which goes first each round, so that a drift in machine load
 * (a checkpoint, autovacuum, another process) falls on both alike.
 */
export async function alternateRounds(
  rounds: number,
  first: (round: number) => Promise<number>,
  second: (round: number) => Promise<number>,
): Promise<[number[], number[]]> {
  const firstRates: number[] = [];
  const secondRates: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      firstRates.push(await first(round));
      secondRates.push(await second(round));
    } else {
      secondRates.push(await second(round));
      firstRates.push(await first(round));
    }
  }
  return [firstRates, secondRates];
}
