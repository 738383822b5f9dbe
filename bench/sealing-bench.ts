import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { NO_STREAM, type NewEvent } from '../src/eventstore/event.js';
import { PostgresEventStore } from '../src/eventstore/event-store.js';
import { KeyRing, newKeyEncryptionKey } from '../src/eventstore/personal-data/key-wrapping.js';
import { PersonalDataRegistry } from '../src/eventstore/personal-data/registry.js';
import { isSealed } from '../src/eventstore/personal-data/sealing.js';
import { PersonalDataVault } from '../src/eventstore/personal-data/vault.js';
import { PERSONAL_DATA_DECLARATIONS } from '../src/personal-data/personal-data.declarations.js';
import { poolExecutor } from '../src/shared/database/data-source.js';
import { AGENCIES, Random, commandMetadata } from './case-events.js';
import { type BenchConfig, CONCURRENT_WRITERS } from './config.js';
import { type Measurement, alternateRounds, rateOf, runWriters } from './measure.js';

/**
 * Appends and reads of events that carry personal data, through a store that seals them with the app's declarations
 * and a vault (keys wrapped under a key-encryption key, as in the app), against the same events through a store
 * without one, on the same database in the same run. A case is two appends, as its officers record it: the opening
 * against a natural person, then two more persons of the case in one request: three events, each with a subject of
 * its own (and the free texts of the opening, where they are declared).
 */

const APPENDS_PER_CASE = 2;
const EVENTS_PER_CASE = 3;

const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN_NAMES = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '春华', '小明'];
const STREETS = ['龙岗街道幸福路', '棠香街道昌州大道', '龙水镇南山路', '宝顶镇香山街', '邮亭镇工业大道'];

const name = (random: Random): string => `${random.pick(SURNAMES)}${random.pick(GIVEN_NAMES)}`;
const digits = (random: Random, count: number): string => Array.from({ length: count }, () => String(random.int(10))).join('');

function person(random: Random): { name: string; idNumber: string; phone: string; address: string } {
  return {
    name: name(random),
    idNumber: `500225${1950 + random.int(55)}${String(1 + random.int(12)).padStart(2, '0')}${String(1 + random.int(28)).padStart(2, '0')}${digits(random, 4)}`,
    phone: `13${digits(random, 9)}`,
    address: `重庆市大足区${random.pick(STREETS)}${1 + random.int(200)}号`,
  };
}

/** The two appends of one case, as the case commands write them. */
function caseAppends(random: Random, caseId: string, agencyId: string): readonly (readonly NewEvent[])[] {
  const occurredAt = new Date(Date.parse('2026-03-02T01:00:00.000Z') + random.int(86_400_000)).toISOString();
  const opened: NewEvent = {
    type: 'CaseOpened',
    data: {
      occurredAt,
      caseId,
      agencyId,
      source: 'routine',
      campaign: null,
      party: { kind: 'person', ...person(random) },
      officerIds: [`officer-${random.int(40)}`, `officer-${random.int(40)}`],
      location: `大足区${random.pick(STREETS)}${1 + random.int(200)}号门市`,
      summary: '对该经营户安全生产情况进行日常检查',
    },
  };
  const recorded = (role: string): NewEvent => ({
    type: 'CasePersonRecorded',
    data: { occurredAt, person: { personId: randomUUID(), role, ...person(random) } },
  });
  return [[opened], [recorded('operator'), recorded('injured')]];
}

interface Side {
  readonly name: string;
  readonly store: PostgresEventStore;
  /** Every case stream this side wrote, for its reads. */
  readonly streams: string[];
}

async function appendCases(side: Side, casesPerWriter: number, seed: number): Promise<number> {
  const writers = Array.from({ length: CONCURRENT_WRITERS }, (_, index) => new Random(seed * 100 + index));
  const cases = await runWriters(writers, casesPerWriter, async (random) => {
    const caseId = randomUUID();
    const streamId = `case-${caseId}`;
    const agencyId = random.pick(AGENCIES);
    let version = 0;
    for (const events of caseAppends(random, caseId, agencyId)) {
      const result = await side.store.append(streamId, version === 0 ? NO_STREAM : version, events, commandMetadata(random, agencyId));
      version = result.nextVersion;
    }
    side.streams.push(streamId);
  });
  return cases * EVENTS_PER_CASE;
}

/** Reads every stream of the side once, CONCURRENT_WRITERS readers at a time; returns the events read. */
async function readCases(side: Side): Promise<number> {
  let next = 0;
  let events = 0;
  await Promise.all(
    Array.from({ length: CONCURRENT_WRITERS }, async () => {
      for (let index = next++; index < side.streams.length; index = next++) {
        const streamId = side.streams[index];
        if (streamId === undefined) break;
        events += (await side.store.readStream(streamId)).length;
      }
    }),
  );
  return events;
}

/** The sealed side must really seal (stored) and open (read), or its rate says nothing. */
async function expectSealedAndOpened(dataSource: DataSource, sealed: Side, plain: Side): Promise<void> {
  const [sealedStream, plainStream] = [sealed.streams[0], plain.streams[0]];
  if (!sealedStream || !plainStream) throw new Error('sealing: nothing was appended');
  const stored = async (streamId: string) =>
    (await dataSource.query<{ data: { party: { name: unknown } } }[]>(`SELECT data FROM events WHERE stream_id = $1 AND stream_version = 1`, [streamId]))[0]?.data
      .party.name;
  if (!isSealed(await stored(sealedStream))) throw new Error(`sealing: the party of ${sealedStream} is stored in the clear`);
  if (isSealed(await stored(plainStream))) throw new Error(`sealing: the party of ${plainStream} is stored sealed by the store without a vault`);
  const [opened] = await sealed.store.readStream(sealedStream, { toVersion: 1 });
  const name = (opened?.data as { party?: { name?: unknown } } | undefined)?.party?.name;
  if (typeof name !== 'string') throw new Error(`sealing: the party of ${sealedStream} does not read back opened`);
}

export const sealedEventsPerRound = (config: BenchConfig): number =>
  Math.ceil(config.appendsPerRound / APPENDS_PER_CASE / CONCURRENT_WRITERS) * CONCURRENT_WRITERS * EVENTS_PER_CASE;

/** [sealed appends, plain appends] and [sealed reads, plain reads], in events/s. */
export async function benchSealing(
  dataSource: DataSource,
  config: BenchConfig,
): Promise<{ append: [Measurement, Measurement]; read: [Measurement, Measurement] }> {
  const vault = new PersonalDataVault(new PersonalDataRegistry(PERSONAL_DATA_DECLARATIONS), new KeyRing(newKeyEncryptionKey()));
  const sealed: Side = { name: 'append with the vault', store: new PostgresEventStore(poolExecutor(dataSource), undefined, undefined, vault), streams: [] };
  const plain: Side = { name: 'append without a vault', store: new PostgresEventStore(poolExecutor(dataSource)), streams: [] };
  const casesPerWriter = Math.ceil(config.appendsPerRound / APPENDS_PER_CASE / CONCURRENT_WRITERS);
  const warmUp = Math.ceil(casesPerWriter / 4);
  await appendCases(plain, warmUp, 1);
  await appendCases(sealed, warmUp, 1);
  await expectSealedAndOpened(dataSource, sealed, plain);
  const timedAppend = async (side: Side, round: number): Promise<number> => {
    await dataSource.query('CHECKPOINT');
    return rateOf(() => appendCases(side, casesPerWriter, 2 + round));
  };
  const [sealedAppends, plainAppends] = await alternateRounds(
    config.rounds,
    (round) => timedAppend(sealed, round),
    (round) => timedAppend(plain, round),
  );
  // Both sides' streams, warm-up included, read whole each round: equal counts of equal events.
  await readCases(plain);
  await readCases(sealed);
  const [sealedReads, plainReads] = await alternateRounds(
    config.rounds,
    () => rateOf(() => readCases(sealed)),
    () => rateOf(() => readCases(plain)),
  );
  const eventsRead = sealed.streams.length * EVENTS_PER_CASE;
  return {
    append: [
      { name: sealed.name, operationsPerRound: sealedEventsPerRound(config), rates: sealedAppends },
      { name: plain.name, operationsPerRound: sealedEventsPerRound(config), rates: plainAppends },
    ],
    read: [
      { name: 'readStream with the vault', operationsPerRound: eventsRead, rates: sealedReads },
      { name: 'readStream without a vault', operationsPerRound: eventsRead, rates: plainReads },
    ],
  };
}
