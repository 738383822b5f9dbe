import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where each abuse suite leaves the figures of its run (what docs/reliability.md quotes). */
export const RESULTS_DIR = path.resolve('test-results/abuse');

export async function recordFigures(suite: string, figures: Record<string, unknown>): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(path.join(RESULTS_DIR, `${suite}.json`), `${JSON.stringify({ suite, at: new Date().toISOString(), ...figures }, null, 2)}\n`);
}
