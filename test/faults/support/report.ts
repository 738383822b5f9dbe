import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './app-process.js';

/** Writes what a scenario saw to test-results/faults/<name>.json and one summary line to the output. */
export function report(name: string, figures: Record<string, unknown>): void {
  const dir = path.join(ROOT, 'test-results', 'faults');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ scenario: name, at: new Date().toISOString(), ...figures }, null, 2)}\n`);
  process.stdout.write(`fault ${name}: ${JSON.stringify(figures)}\n`);
}
