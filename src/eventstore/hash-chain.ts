import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { type EventMetadata } from './event.js';

export const GENESIS_HASH = '0'.repeat(64);

/** What the hash of an event covers: every stored field but the ones the database assigns at commit. */
export interface HashedEventFields {
  readonly agencyId: string;
  readonly data: unknown;
  readonly eventId: string;
  readonly metadata: EventMetadata;
  readonly recordedAt: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly streamType: string;
  readonly streamVersion: number;
  readonly type: string;
}

function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no JSON representation');
  return text;
}

/**
 * RFC 8785 canonical JSON of an event, split around the value of `streamVersion`. The append function in PostgreSQL
 * assigns the version when the caller appends with "any", so it splices the number in between the two halves.
 * The keys are written in RFC 8785 order (UTF-16 code unit order; all ASCII here).
 */
export function canonicalEventParts(fields: Omit<HashedEventFields, 'streamVersion'>): {
  before: string;
  after: string;
} {
  const before =
    `{"agencyId":${canonical(fields.agencyId)},"data":${canonical(fields.data)},` +
    `"eventId":${canonical(fields.eventId)},"metadata":${canonical(fields.metadata)},` +
    `"recordedAt":${canonical(fields.recordedAt)},"schemaVersion":${canonical(fields.schemaVersion)},` +
    `"streamId":${canonical(fields.streamId)},"streamType":${canonical(fields.streamType)},"streamVersion":`;
  const after = `,"type":${canonical(fields.type)}}`;
  return { before, after };
}

export function canonicalEvent(fields: HashedEventFields): string {
  const { before, after } = canonicalEventParts(fields);
  return `${before}${fields.streamVersion}${after}`;
}

/** sha256(prev_hash || canonical JSON), hex; the same computation the append function does in SQL. */
export function chainHash(prevHashHex: string, fields: HashedEventFields): string {
  return createHash('sha256')
    .update(Buffer.from(prevHashHex, 'hex'))
    .update(canonicalEvent(fields), 'utf8')
    .digest('hex');
}
