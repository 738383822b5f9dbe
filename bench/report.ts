import { type LatencySummary, type Measurement, median } from './measure.js';

/** Our operation against its plain-SQL floor, and the ratio it must reach. */
export interface Comparison {
  readonly title: string;
  readonly ours: Measurement;
  readonly baseline: Measurement;
  readonly target: number;
}

const formatRate = (rate: number): string => `${Math.round(rate)}/s`;

function tableRow(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
}

function printTable(comparisons: readonly Comparison[]): void {
  const header = ['phase', 'side', 'ops/round', 'rounds', 'median'];
  const rows = comparisons.flatMap((comparison) =>
    [comparison.ours, comparison.baseline].map((measurement) => [
      comparison.title,
      measurement.name,
      String(measurement.operationsPerRound),
      measurement.rates.map(formatRate).join(' '),
      formatRate(median(measurement.rates)),
    ]),
  );
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  console.log(tableRow(header, widths));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(tableRow(row, widths));
}

function printRatio(comparison: Comparison): void {
  const ours = median(comparison.ours.rates);
  const baseline = median(comparison.baseline.rates);
  const ratio = ours / baseline;
  const verdict = ratio >= comparison.target ? 'MET' : 'NOT MET';
  console.log(
    `${comparison.title} ratio: ${ratio.toFixed(2)} ` +
      `(${comparison.title} ${formatRate(ours)} vs ${comparison.baseline.name} ${formatRate(baseline)}) ` +
      `target >= ${comparison.target.toFixed(2)}: ${verdict}`,
  );
}

const formatLatency = (name: string, { p50Ms, p99Ms }: LatencySummary): string =>
  `${name} p50 ${p50Ms.toFixed(1)} ms p99 ${p99Ms.toFixed(1)} ms`;

function printLatencies(comparison: Comparison): void {
  const sides = [comparison.ours, comparison.baseline].flatMap((measurement) =>
    measurement.latency ? [formatLatency(measurement.name, measurement.latency)] : [],
  );
  if (sides.length > 0) console.log(`${comparison.title} latency: ${sides.join(', ')}`);
}

export function printReport(comparisons: readonly Comparison[]): void {
  console.log('');
  printTable(comparisons);
  console.log('');
  comparisons.forEach(printRatio);
  comparisons.forEach(printLatencies);
}
