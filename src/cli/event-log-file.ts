import { createHash } from 'node:crypto';
import type { EventMetadata } from '../eventstore/event.js';
import { GENESIS_HASH, chainHash } from '../eventstore/hash-chain.js';
import { parseCheckpoint } from '../eventstore/ledger/checkpoint.js';

/**
 * The NDJSON export of the event log: a header line, every event in global order, the stream heads, and an end
 * line with the counts and a digest of every stream's last hash. Each event carries every stored field its hash
 * covers plus its global position, so that an import reproduces the log exactly and can re-check every link; the
 * transaction id is not carried (the importing transaction assigns it: an id from another server would be in its
 * future, and subscribers would not see the events until that server's ids caught up).
 */
export const FORMAT = 'casetrail-event-log';
export const FORMAT_VERSION = 1;

export interface HeaderLine {
  readonly format: typeof FORMAT;
  readonly formatVersion: number;
  readonly exportedAt: string;
  /**
   * The latest signed checkpoint of the exporting log when it was exported (null: none signed yet; absent in files
   * written before checkpoints). It attests the source log, for whoever keeps the file: `casetrail verify --checkpoint`
   * against that log proves later that nothing it covers was cut. An import does not carry it over, since the
   * importing database seals its own ledger.
   */
  readonly checkpoint?: string | null;
}

export interface EventLine {
  readonly kind: 'event';
  readonly globalPosition: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamType: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly agencyId: string;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface StreamLine {
  readonly kind: 'stream';
  readonly streamId: string;
  readonly streamType: string;
  readonly agencyId: string;
  readonly version: number;
  readonly lastHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface EndLine {
  readonly kind: 'end';
  readonly events: number;
  readonly streams: number;
  /** sha256 over `streamId lastHash\n` of every stream in streamId order: the fingerprint to record and compare. */
  readonly headsDigest: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isCount = (value: unknown, min: number): value is number => Number.isSafeInteger(value) && (value as number) >= min;
const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;

/** What is wrong with an event line's shape, or null. The chain is checked separately (ChainChecker). */
function eventShapeProblem(line: Record<string, unknown>): string | null {
  if (!isCount(line.globalPosition, 1)) return 'globalPosition must be a positive integer';
  if (typeof line.eventId !== 'string' || !UUID.test(line.eventId)) return 'eventId must be a UUID';
  if (!isText(line.streamId) || !isText(line.streamType) || !isText(line.type) || !isText(line.agencyId)) {
    return 'streamId, streamType, type and agencyId must be non-empty strings';
  }
  if (!isCount(line.streamVersion, 1) || !isCount(line.schemaVersion, 1)) return 'streamVersion and schemaVersion must be positive integers';
  if (!('data' in line)) return 'data is missing';
  if (!isObject(line.metadata) || typeof line.metadata.occurredAt !== 'string' || Number.isNaN(Date.parse(line.metadata.occurredAt))) {
    return 'metadata must be an object with an occurredAt instant';
  }
  if (!isInstant(line.recordedAt)) return 'recordedAt must be an ISO 8601 instant (as toISOString writes it)';
  if (typeof line.prevHash !== 'string' || !HEX64.test(line.prevHash) || typeof line.hash !== 'string' || !HEX64.test(line.hash)) {
    return 'prevHash and hash must be 64 lowercase hex digits';
  }
  return null;
}

function streamShapeProblem(line: Record<string, unknown>): string | null {
  if (!isText(line.streamId) || !isText(line.streamType) || !isText(line.agencyId)) return 'streamId, streamType and agencyId must be non-empty strings';
  if (!isCount(line.version, 1)) return 'version must be a positive integer';
  if (typeof line.lastHash !== 'string' || !HEX64.test(line.lastHash)) return 'lastHash must be 64 lowercase hex digits';
  if (!isInstant(line.createdAt) || !isInstant(line.updatedAt)) return 'createdAt and updatedAt must be ISO 8601 instants';
  return null;
}

export type ParsedLine =
  | { readonly kind: 'header'; readonly line: HeaderLine }
  | { readonly kind: 'event'; readonly line: EventLine }
  | { readonly kind: 'stream'; readonly line: StreamLine }
  | { readonly kind: 'end'; readonly line: EndLine };

/** Parses one line of the file; throws an Error naming what is wrong. */
export function parseLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  if (!isObject(value)) throw new Error('not a JSON object');
  if (value.format !== undefined) {
    if (value.format !== FORMAT) throw new Error(`not a ${FORMAT} file`);
    if (value.formatVersion !== FORMAT_VERSION) throw new Error(`format version ${String(value.formatVersion)} is not supported`);
    if (value.checkpoint !== undefined && value.checkpoint !== null && (typeof value.checkpoint !== 'string' || !parseCheckpoint(value.checkpoint))) {
      throw new Error('the header checkpoint is not a checkpoint line');
    }
    return { kind: 'header', line: value as unknown as HeaderLine };
  }
  switch (value.kind) {
    case 'event': {
      const problem = eventShapeProblem(value);
      if (problem) throw new Error(problem);
      return { kind: 'event', line: value as unknown as EventLine };
    }
    case 'stream': {
      const problem = streamShapeProblem(value);
      if (problem) throw new Error(problem);
      return { kind: 'stream', line: value as unknown as StreamLine };
    }
    case 'end':
      if (!isCount(value.events, 0) || !isCount(value.streams, 0) || typeof value.headsDigest !== 'string') {
        throw new Error('the end line must carry events, streams and headsDigest');
      }
      return { kind: 'end', line: value as unknown as EndLine };
    default:
      throw new Error(`unknown line kind ${JSON.stringify(value.kind)}`);
  }
}

export function headsDigest(heads: Iterable<{ readonly streamId: string; readonly lastHash: string }>): string {
  const hash = createHash('sha256');
  for (const head of [...heads].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0))) {
    hash.update(`${head.streamId} ${head.lastHash}\n`);
  }
  return hash.digest('hex');
}

interface ChainHead {
  version: number;
  hash: string;
  readonly streamType: string;
  readonly agencyId: string;
}

/**
 * Checks an export file line by line, as it is read: the structure (header first, events in rising global order,
 * then stream heads, then the end line), and every stream's chain, by recomputing each event's hash from its fields
 * and comparing it with the hash the file states and with the next event's prevHash. So an edited payload or
 * hashed metadata, events out of order, a missing event, or a stream head that does not match its last event all
 * show, and the first problem of each stream is reported.
 */
export class ExportChecker {
  private readonly chains = new Map<string, ChainHead>();
  private readonly heads = new Map<string, StreamLine>();
  private readonly broken = new Map<string, string>();
  private readonly problems: string[] = [];
  private header = false;
  private end: EndLine | null = null;
  private lastPosition = 0;
  private events = 0;
  private lineNumber = 0;

  /** Feeds the next line of the file. */
  line(text: string): void {
    this.lineNumber += 1;
    if (text.trim() === '') return;
    let parsed: ParsedLine;
    try {
      parsed = parseLine(text);
    } catch (error) {
      this.problem(`line ${this.lineNumber}: ${(error as Error).message}`);
      return;
    }
    if (this.end) {
      this.problem(`line ${this.lineNumber}: content after the end line`);
      return;
    }
    if (!this.header && parsed.kind !== 'header') {
      this.problem(`line ${this.lineNumber}: the file does not start with a ${FORMAT} header`);
      this.header = true;
    }
    switch (parsed.kind) {
      case 'header':
        if (this.header) this.problem(`line ${this.lineNumber}: a second header`);
        this.header = true;
        return;
      case 'event':
        this.event(parsed.line);
        return;
      case 'stream':
        this.stream(parsed.line);
        return;
      case 'end':
        this.end = parsed.line;
        return;
    }
  }

  /** The outcome once every line was fed. */
  result(): { ok: boolean; events: number; streams: number; headsDigest: string; brokenStreams: Map<string, string>; problems: string[] } {
    const problems = [...this.problems];
    if (!this.header) problems.push('the file is empty');
    for (const [streamId, chain] of this.chains) {
      if (this.broken.has(streamId)) continue;
      const head = this.heads.get(streamId);
      if (!head) this.breakStream(streamId, 'no stream head line');
      else if (head.version !== chain.version) this.breakStream(streamId, `the stream head says version ${head.version}, the last event is ${chain.version}`);
      else if (head.lastHash !== chain.hash) this.breakStream(streamId, 'the stream head hash does not match the last event');
      else if (head.streamType !== chain.streamType || head.agencyId !== chain.agencyId) this.breakStream(streamId, 'the stream head names another type or agency');
    }
    for (const streamId of this.heads.keys()) {
      if (!this.chains.has(streamId)) this.breakStream(streamId, 'a stream head without events');
    }
    const digest = headsDigest([...this.heads.values()]);
    if (!this.end) problems.push('the end line is missing: the file is truncated');
    else {
      if (this.end.events !== this.events) problems.push(`the end line counts ${this.end.events} events, the file has ${this.events}`);
      if (this.end.streams !== this.heads.size) problems.push(`the end line counts ${this.end.streams} streams, the file has ${this.heads.size}`);
      if (this.end.headsDigest !== digest) problems.push('the end line digest does not match the stream heads');
    }
    return {
      ok: problems.length === 0 && this.broken.size === 0,
      events: this.events,
      streams: this.heads.size,
      headsDigest: digest,
      brokenStreams: new Map(this.broken),
      problems,
    };
  }

  private event(event: EventLine): void {
    this.events += 1;
    const where = `line ${this.lineNumber}`;
    if (this.heads.size > 0) this.problem(`${where}: an event after the stream heads`);
    if (event.globalPosition <= this.lastPosition) this.problem(`${where}: global position ${event.globalPosition} is not above ${this.lastPosition}`);
    this.lastPosition = Math.max(this.lastPosition, event.globalPosition);
    if (this.broken.has(event.streamId)) return;
    const chain = this.chains.get(event.streamId);
    const expectedVersion = (chain?.version ?? 0) + 1;
    const expectedPrev = chain?.hash ?? GENESIS_HASH;
    if (event.streamVersion !== expectedVersion) {
      this.breakStream(event.streamId, `version ${expectedVersion} is missing (found ${event.streamVersion} at ${where})`);
      return;
    }
    if (event.prevHash !== expectedPrev) {
      this.breakStream(event.streamId, `version ${event.streamVersion}: prevHash does not match the previous event (${where})`);
      return;
    }
    const recomputed = chainHash(expectedPrev, {
      agencyId: event.agencyId,
      data: event.data,
      eventId: event.eventId,
      metadata: event.metadata,
      recordedAt: event.recordedAt,
      schemaVersion: event.schemaVersion,
      streamId: event.streamId,
      streamType: event.streamType,
      streamVersion: event.streamVersion,
      type: event.type,
    });
    if (recomputed !== event.hash) {
      this.breakStream(event.streamId, `version ${event.streamVersion}: the event does not match its hash (${where})`);
      return;
    }
    if (chain) {
      chain.version = event.streamVersion;
      chain.hash = recomputed;
    } else {
      this.chains.set(event.streamId, { version: 1, hash: recomputed, streamType: event.streamType, agencyId: event.agencyId });
    }
  }

  private stream(head: StreamLine): void {
    if (this.heads.has(head.streamId)) this.problem(`line ${this.lineNumber}: a second head for ${head.streamId}`);
    this.heads.set(head.streamId, head);
  }

  private breakStream(streamId: string, reason: string): void {
    if (!this.broken.has(streamId)) this.broken.set(streamId, reason);
  }

  private problem(text: string): void {
    // The first few say what is wrong; thousands would bury them.
    if (this.problems.length < 50) this.problems.push(text);
  }
}
