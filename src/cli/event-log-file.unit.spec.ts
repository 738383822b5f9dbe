import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { formatCheckpoint, signCheckpoint } from '../eventstore/ledger/checkpoint.js';
import { GENESIS_HASH, chainHash } from '../eventstore/hash-chain.js';
import { type EventLine, ExportChecker, FORMAT, type StreamLine, headsDigest, parseLine } from './event-log-file.js';

const metadata = {
  actorId: 'officer-1',
  actorRoles: ['officer'],
  agencyId: 'dazu-emb',
  correlationId: 'c-1',
  causationId: null,
  requestId: 'r-1',
  occurredAt: '2026-03-02T09:00:00+08:00',
};

/** A file of two streams, `case-a` with three events and `case-b` with one, chained as the store chains them. */
function exportFile(): string[] {
  const events: EventLine[] = [];
  const heads = new Map<string, { version: number; hash: string }>();
  const specs = [
    ['case-a', 'CaseOpened'],
    ['case-b', 'CaseOpened'],
    ['case-a', 'HazardRecorded'],
    ['case-a', 'CaseFiled'],
  ] as const;
  specs.forEach(([streamId, type], n) => {
    const head = heads.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
    const fields = {
      agencyId: 'dazu-emb',
      data: { n, note: '隐患' },
      eventId: `00000000-0000-4000-8000-00000000000${n}`,
      metadata,
      recordedAt: `2026-03-02T01:00:0${n}.000Z`,
      schemaVersion: 1,
      streamId,
      streamType: 'case',
      streamVersion: head.version + 1,
      type,
    };
    const hash = chainHash(head.hash, fields);
    events.push({ kind: 'event', globalPosition: n + 1, ...fields, prevHash: head.hash, hash });
    heads.set(streamId, { version: head.version + 1, hash });
  });
  const streams: StreamLine[] = [...heads].map(([streamId, head]) => ({
    kind: 'stream',
    streamId,
    streamType: 'case',
    agencyId: 'dazu-emb',
    version: head.version,
    lastHash: head.hash,
    createdAt: '2026-03-02T01:00:00.000Z',
    updatedAt: '2026-03-02T01:00:03.000Z',
  }));
  const end = { kind: 'end', events: events.length, streams: streams.length, headsDigest: headsDigest(streams) };
  return [{ format: FORMAT, formatVersion: 1, exportedAt: '2026-03-03T00:00:00.000Z' }, ...events, ...streams, end].map((line) =>
    JSON.stringify(line),
  );
}

function check(lines: readonly string[]) {
  const checker = new ExportChecker();
  lines.forEach((line) => checker.line(line));
  return checker.result();
}

const edit = (lines: string[], index: number, change: (line: Record<string, unknown>) => Record<string, unknown>): string[] =>
  lines.map((line, n) => (n === index ? JSON.stringify(change(JSON.parse(line) as Record<string, unknown>)) : line));

/** What someone who knows the algorithm would do: change the payload and recompute that event's hash. */
function rehashed(line: Record<string, unknown>): Record<string, unknown> {
  const event = { ...(line as unknown as EventLine), data: { n: 2, note: '无隐患' } };
  const { kind: _kind, globalPosition: _position, prevHash, hash: _hash, ...fields } = event;
  return { ...event, hash: chainHash(prevHash, fields) };
}

describe('ExportChecker', () => {
  it('accepts an intact file and counts its events and streams', () => {
    expect(check(exportFile())).toMatchObject({ ok: true, events: 4, streams: 2, problems: [] });
  });

  it.each([
    ['a changed payload', (lines: string[]) => edit(lines, 3, (line) => ({ ...line, data: { n: 2, note: '无隐患' } })), 'the event does not match its hash'],
    ['changed hashed metadata', (lines: string[]) => edit(lines, 1, (line) => ({ ...line, metadata: { ...metadata, actorId: 'x' } })), 'the event does not match its hash'],
    ['a changed event whose own hash was recomputed', (lines: string[]) => edit(lines, 3, rehashed), 'version 3: prevHash does not match'],
    ['swapped events', (lines: string[]) => lines.map((line, n) => (n === 3 ? lines[4] : n === 4 ? lines[3] : line) as string), 'version 2 is missing'],
    ['a deleted event', (lines: string[]) => lines.filter((_, n) => n !== 3), 'version 2 is missing'],
    ['a deleted last event', (lines: string[]) => lines.filter((_, n) => n !== 4), 'the stream head says version 3, the last event is 2'],
  ])('names the broken stream for %s', (_, tamper, reason) => {
    const result = check(tamper(exportFile()));
    expect(result.ok).toBe(false);
    expect(result.brokenStreams.get('case-a')).toContain(reason);
    expect(result.brokenStreams.has('case-b')).toBe(false);
  });

  it('refuses a truncated file, a changed head with its digest left alone, and lines that are not the format', () => {
    const lines = exportFile();
    expect(check(lines.slice(0, -1)).problems).toContain('the end line is missing: the file is truncated');
    expect(check(lines.slice(1)).problems[0]).toContain('does not start with a casetrail-event-log header');
    expect(check([...lines.slice(0, 2), 'not json', ...lines.slice(2)]).problems[0]).toBe('line 3: not valid JSON');
    const lastEvent = JSON.parse(lines[4] as string) as EventLine;
    const forgedHead = edit(lines.filter((_, n) => n !== 4), 4, (line) => ({ ...line, version: 2, lastHash: lastEvent.prevHash }));
    const forged = check(forgedHead);
    expect(forged.brokenStreams.size).toBe(0);
    expect(forged.problems).toEqual(expect.arrayContaining(['the end line counts 4 events, the file has 3', 'the end line digest does not match the stream heads']));
  });

  it('reads the checkpoint line in the header when there is one, and refuses a header whose checkpoint is not one', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const line = formatCheckpoint(signCheckpoint(privateKey, { number: 3, entries: 4, head: 'a'.repeat(64), signedAt: '2026-03-03T00:00:00.000Z' }));
    const withCheckpoint = (checkpoint: unknown) => edit(exportFile(), 0, (header) => ({ ...header, checkpoint }));
    expect(parseLine(withCheckpoint(line)[0] as string)).toEqual({ kind: 'header', line: expect.objectContaining({ checkpoint: line }) });
    expect(check(withCheckpoint(line))).toMatchObject({ ok: true, events: 4 });
    expect(check(withCheckpoint(null))).toMatchObject({ ok: true, events: 4 });
    const forged = check(withCheckpoint(`${line}x!`));
    expect(forged.ok).toBe(false);
    expect(forged.problems[0]).toBe('line 1: the header checkpoint is not a checkpoint line');
  });
});
