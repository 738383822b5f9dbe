import { type KeyObject, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type LogVerification, verifyLog } from '../../eventstore/ledger/log-verification.js';
import { formatCheckpoint } from '../../eventstore/ledger/checkpoint.js';
import { loadConfig } from '../../shared/config/config.js';
import { EXIT_FAILED, EXIT_OK, UsageError, perSecond, print, say, seconds } from '../cli.js';
import { describeDatabase, withDatabase } from '../database.js';
import { progressBar } from '../progress.js';

/** The key checkpoints are checked with: `--public-key`, else the one of the configured signing key, if it exists. */
function publicKeyFrom(file: string | undefined, signingKeyFile: string): KeyObject | null {
  if (file) return createPublicKey(readFileSync(file, 'utf8'));
  return existsSync(signingKeyFile) ? createPublicKey(readFileSync(signingKeyFile, 'utf8')) : null;
}

/** `--checkpoint` takes a checkpoint line, or `@file` for a file of lines (one per line, e.g. saved from pages). */
function heldLines(values: readonly string[]): string[] {
  return values.flatMap((value) =>
    value.startsWith('@') ? readFileSync(value.slice(1), 'utf8').split('\n').map((line) => line.trim()).filter(Boolean) : [value],
  );
}

export function report(result: LogVerification): string[] {
  const lines: string[] = [];
  for (const stream of result.broken) lines.push(`BROKEN ${stream.streamId} at version ${stream.brokenAtVersion}: ${stream.reason}`);
  for (const event of result.occurredAtMismatches) {
    lines.push(`BROKEN ${event.streamId} at version ${event.streamVersion}: the occurred_at column differs from the hashed metadata`);
  }
  for (const stream of result.missingStreams) lines.push(`MISSING ${stream.streamId}: the ledger sealed ${stream.sealedVersion} events of it; none is left`);
  for (const problem of result.ledger.problems) {
    const at = problem.streamId ? ` (${problem.streamId} version ${problem.streamVersion}, global position ${problem.globalPosition})` : '';
    lines.push(`LEDGER entry ${problem.position}${at}: ${problem.reason}`);
  }
  for (const check of result.checkpoints.filter((each) => !each.ok)) {
    lines.push(`CHECKPOINT ${check.source} #${check.checkpoint.number}: ${check.reason}`);
  }
  for (const gap of result.gaps.ranges.filter((each) => each.sealedEvents > 0)) {
    lines.push(`GAP global positions ${gap.from}-${gap.to}: ${gap.sealedEvents} sealed events are gone`);
  }
  return lines;
}

export async function run(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { checkpoint: { type: 'string', multiple: true }, 'public-key': { type: 'string' } },
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const config = loadConfig();
  const publicKey = publicKeyFrom(parsed.values['public-key'], config.checkpointKeyFile);
  const held = heldLines(parsed.values.checkpoint ?? []).map((line): { line: string; source: 'held' | 'witness' } => ({ line, source: 'held' }));
  if (config.checkpointWitnessFile && existsSync(config.checkpointWitnessFile)) {
    const line = readFileSync(config.checkpointWitnessFile, 'utf8').trim();
    if (line) held.push({ line, source: 'witness' });
  }
  return withDatabase(config, async (ready) => {
    const bar = progressBar('verifying');
    try {
      say(`verifying the event log of ${describeDatabase(ready)}`);
      const started = Date.now();
      let barStarted = false;
      const result = await verifyLog(ready.databaseUrl, {
        publicKey,
        held,
        onProgress: (done, total) => {
          if (!barStarted) bar.start(total);
          barStarted = true;
          bar.update(done);
        },
      });
      bar.stop();
      const elapsed = Date.now() - started;
      for (const line of report(result)) print(line);
      const latest = result.checkpoints.filter((check) => check.source === 'log').at(-1);
      const benign = result.gaps.ranges.filter((gap) => gap.sealedEvents === 0).length;
      if (result.ok) {
        print(
          `${result.streams} streams, ${result.events} events: every chain holds; ` +
            `ledger ${result.ledger.entries} entries (${result.ledger.unsealed} not sealed yet), ${result.checkpoints.length} checkpoints hold`,
        );
      } else {
        print(
          `${result.broken.length} of ${result.streams} streams broken, ${result.missingStreams.length} missing, ` +
            `${result.ledger.problems.length} ledger problems, ${result.checkpoints.filter((check) => !check.ok).length} checkpoints fail, ` +
            `${result.occurredAtMismatches.length} events with a changed occurred_at`,
        );
      }
      if (benign > 0) say(`${benign} gaps in global positions where no event was ever sealed (appends rolled back)`);
      if (latest) say(`latest checkpoint: ${formatCheckpoint(latest.checkpoint)}`);
      if (!publicKey) say('no checkpoint key found: signatures were not checked (give --public-key)');
      say(`verified in ${seconds(elapsed)} s (${perSecond(result.events, elapsed)} events/s)`);
      return result.ok ? EXIT_OK : EXIT_FAILED;
    } finally {
      bar.stop();
    }
  });
}
