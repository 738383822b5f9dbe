import { type Checkpoint, compareCheckpoints } from '../eventstore/event.js';

/** One read model's row of `personal_data_erasure_rebuilds`. */
export interface ErasureRebuild {
  readonly projection: string;
  /** The last PersonalDataErased in the log that requires the read model to be rebuilt. */
  readonly erased: Checkpoint;
  /** The last erasure it was rebuilt after; null: never. */
  readonly rebuilt: Checkpoint | null;
}

/** The latest erasure any read model was told of; null before the first. */
export function latestErasure(rows: readonly ErasureRebuild[]): Checkpoint | null {
  return rows.reduce<Checkpoint | null>((latest, row) => (latest === null || compareCheckpoints(row.erased, latest) > 0 ? row.erased : latest), null);
}

/** Whether `seen` (what an instance last dropped its folded states for) is behind `latest`. */
export function isNewErasure(latest: Checkpoint | null, seen: Checkpoint | null): boolean {
  return latest !== null && (seen === null || compareCheckpoints(latest, seen) > 0);
}

/**
 * The read models still to be rebuilt after an erasure, in the order of `names` (the runner's, which `rebuild --all`
 * keeps too); each with the erasure its rebuild answers. A name without a row was never told of an erasure.
 */
export function pendingRebuilds(names: readonly string[], rows: readonly ErasureRebuild[]): ErasureRebuild[] {
  const byName = new Map(rows.map((row) => [row.projection, row]));
  return names
    .map((name) => byName.get(name))
    .filter((row): row is ErasureRebuild => row !== undefined && (row.rebuilt === null || compareCheckpoints(row.rebuilt, row.erased) < 0));
}
