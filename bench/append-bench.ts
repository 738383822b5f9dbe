import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { type EventMetadata, NO_STREAM, type NewEvent, streamTypeOf } from '../src/eventstore/event.js';
import { type PostgresEventStore } from '../src/eventstore/event-store.js';
import { GENESIS_HASH, chainHash } from '../src/eventstore/hash-chain.js';
import { AGENCIES, Random, caseEvent, commandMetadata, newCaseStreamId } from './case-events.js';
import { type BenchConfig, CONCURRENT_WRITERS } from './config.js';
import { BASELINE_TABLE, createBaselineTable } from './database.js';
import { type Measurement, alternateRounds, rateOf, runWriters } from './measure.js';

/** A case file grows to this many events, then its writer opens a new one. */
const EVENTS_PER_STREAM = 20;
const WARM_UP_APPENDS = 1000;

interface StreamHead {
  readonly streamId: string;
  readonly agencyId: string;
  /** 0 while the stream does not exist yet. */
  readonly version: number;
  readonly lastHash: string;
}

/**
 * One concurrent writer and the case stream it is filling. It is the only one to write that stream, so it always
 * knows the exact version to expect.
 */
class CaseWriter {
  private head: StreamHead | null = null;

  constructor(readonly random: Random) {}

  current(): StreamHead {
    if (!this.head || this.head.version >= EVENTS_PER_STREAM) {
      const agencyId = this.random.pick(AGENCIES);
      this.head = { streamId: newCaseStreamId(), agencyId, version: 0, lastHash: GENESIS_HASH };
    }
    return this.head;
  }

  advance(version: number, lastHash: string): void {
    this.head = { ...this.current(), version, lastHash };
  }
}

interface AppendSide {
  readonly name: string;
  appendOne(writer: CaseWriter): Promise<void>;
}

function eventStoreSide(store: PostgresEventStore): AppendSide {
  return {
    name: 'PostgresEventStore.append',
    async appendOne(writer) {
      const head = writer.current();
      const event = caseEvent(writer.random, head.version + 1);
      const metadata = commandMetadata(writer.random, head.agencyId);
      const expected = head.version === 0 ? NO_STREAM : head.version;
      const result = await store.append(head.streamId, expected, [event], metadata);
      writer.advance(result.nextVersion, result.lastHash);
    },
  };
}

const BASELINE_INSERT = `
  INSERT INTO ${BASELINE_TABLE} (stream_id, stream_type, stream_version, event_id, type, schema_version, data, metadata,
                                 agency_id, occurred_at, recorded_at, prev_hash, hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  RETURNING global_position`;

/** The row the event store would write, hash chain included, as a plain application would compute it. */
function baselineRow(head: StreamHead, event: NewEvent, metadata: Omit<EventMetadata, 'occurredAt'>) {
  const recordedAt = new Date().toISOString();
  const fields = {
    agencyId: head.agencyId,
    data: event.data,
    eventId: randomUUID(),
    metadata: { ...metadata, occurredAt: recordedAt },
    recordedAt,
    schemaVersion: 1,
    streamId: head.streamId,
    streamType: streamTypeOf(head.streamId),
    streamVersion: head.version + 1,
    type: event.type,
  };
  const hash = chainHash(head.lastHash, fields);
  const parameters = [
    fields.streamId,
    fields.streamType,
    fields.streamVersion,
    fields.eventId,
    fields.type,
    fields.schemaVersion,
    JSON.stringify(fields.data),
    JSON.stringify(fields.metadata),
    fields.agencyId,
    recordedAt,
    recordedAt,
    Buffer.from(head.lastHash, 'hex'),
    Buffer.from(hash, 'hex'),
  ];
  return { parameters, hash };
}

function plainInsertSide(dataSource: DataSource): AppendSide {
  return {
    name: 'BEGIN;INSERT;COMMIT',
    async appendOne(writer) {
      const head = writer.current();
      const event = caseEvent(writer.random, head.version + 1);
      const row = baselineRow(head, event, commandMetadata(writer.random, head.agencyId));
      const runner = dataSource.createQueryRunner();
      try {
        await runner.query('BEGIN');
        await runner.query(BASELINE_INSERT, row.parameters);
        await runner.query('COMMIT');
      } catch (error) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        await runner.release();
      }
      writer.advance(head.version + 1, row.hash);
    },
  };
}

/**
 * Appends/s of one side: every writer on streams of its own, one event per append. Equal seeds, equal rows.
 * Each side starts right after a checkpoint: the first change to a page after one logs the whole page, and with
 * random event ids that is nearly every index page, so a checkpoint falling into one side's turn would skew it.
 */
async function appendRate(
  dataSource: DataSource,
  side: AppendSide,
  totalAppends: number,
  seed: number,
): Promise<number> {
  const writers = Array.from(
    { length: CONCURRENT_WRITERS },
    (_, index) => new CaseWriter(new Random(seed * 100 + index)),
  );
  const perWriter = Math.ceil(totalAppends / CONCURRENT_WRITERS);
  await dataSource.query('CHECKPOINT');
  return rateOf(() => runWriters(writers, perWriter, (writer) => side.appendOne(writer)));
}

export const appendsPerRound = (config: BenchConfig): number =>
  Math.ceil(config.appendsPerRound / CONCURRENT_WRITERS) * CONCURRENT_WRITERS;

export async function benchAppend(
  dataSource: DataSource,
  store: PostgresEventStore,
  config: BenchConfig,
): Promise<[Measurement, Measurement]> {
  await createBaselineTable(dataSource);
  const ours = eventStoreSide(store);
  const baseline = plainInsertSide(dataSource);
  await appendRate(dataSource, baseline, WARM_UP_APPENDS, 1);
  await appendRate(dataSource, ours, WARM_UP_APPENDS, 1);
  const [ourRates, baselineRates] = await alternateRounds(
    config.rounds,
    (round) => appendRate(dataSource, ours, config.appendsPerRound, 2 + round),
    (round) => appendRate(dataSource, baseline, config.appendsPerRound, 2 + round),
  );
  const operationsPerRound = appendsPerRound(config);
  return [
    { name: ours.name, operationsPerRound, rates: ourRates },
    { name: baseline.name, operationsPerRound, rates: baselineRates },
  ];
}
