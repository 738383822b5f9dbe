import { Presets, SingleBar } from 'cli-progress';

/** A progress bar on stderr when it is a terminal; nothing otherwise (a log file gets the summary line only). */
export function progressBar(label: string): { start(total: number): void; update(value: number): void; stop(): void } {
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let started = false;
  let shown = 0;
  return {
    start(total) {
      if (!process.stderr.isTTY) return;
      bar.start(Math.max(total, 1), 0);
      started = true;
    },
    update(value) {
      // Never backwards: a projection's position in commit order can dip below a position it passed.
      shown = Math.max(shown, value);
      if (started) bar.update(shown);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
