/** The shapes the event store reads and writes. No domain knowledge lives here. */

export const NO_STREAM = 'no_stream' as const;
export const ANY = 'any' as const;
/** A stream version (the version the caller last saw), or "the stream must not exist yet", or "append whatever". */
export type ExpectedVersion = number | typeof NO_STREAM | typeof ANY;

export interface EventMetadata {
  readonly actorId: string;
  readonly actorRoles: readonly string[];
  /** The agency that owns the stream (every stream belongs to one). */
  readonly agencyId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly requestId: string | null;
  /** Business time: when the fact happened (ISO 8601 instant). */
  readonly occurredAt: string;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  /** Defaults to 1. Bump it when the data shape changes, and register an upcaster for the old one. */
  readonly schemaVersion?: number;
  /** Defaults to a random UUID; set it to make the event's identity deterministic. */
  readonly eventId?: string;
  /** Overrides the occurredAt of the shared metadata for this one event. */
  readonly occurredAt?: string;
}

export interface StoredEvent<Type extends string = string, Data = unknown> {
  readonly globalPosition: number;
  /** xid8 as a decimal string: the committing transaction, used for gap-safe ordering. */
  readonly transactionId: string;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamType: string;
  readonly streamVersion: number;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly agencyId: string;
  readonly recordedAt: Date;
  /** Hex SHA-256 of the previous event of the stream (64 zeros for the first). */
  readonly prevHash: string;
  readonly hash: string;
}

export interface AppendResult {
  /** The stream version after the append. */
  readonly nextVersion: number;
  readonly globalPositions: readonly number[];
  readonly lastHash: string;
}

/** Position in the global order, as subscribers see it: transaction first, then position. */
export interface Checkpoint {
  readonly transactionId: string;
  readonly globalPosition: number;
}

export const START: Checkpoint = { transactionId: '0', globalPosition: 0 };

/** Commit order of two checkpoints: negative, zero or positive. */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const byTransaction = BigInt(a.transactionId) - BigInt(b.transactionId);
  if (byTransaction !== 0n) return byTransaction < 0n ? -1 : 1;
  return a.globalPosition - b.globalPosition;
}

/** The stream type is the part of the stream id before the first '-', e.g. `case` for `case-7f3a...`. */
export function streamTypeOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : streamId;
}
