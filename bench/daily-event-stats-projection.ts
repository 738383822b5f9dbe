import { type StoredEvent } from '../src/eventstore/event.js';
import type { SqlExecutor } from '../src/shared/database/sql-executor.js';
import { type Projection } from '../src/eventstore/projections/projection.js';
import { EVENT_TYPES } from './case-events.js';

export const DAILY_STATS_TABLE = 'bench_daily_event_stats';

export async function createDailyStatsTable(db: SqlExecutor): Promise<void> {
  await db.query(`
    CREATE TABLE ${DAILY_STATS_TABLE} (
      agency_id  text   NOT NULL,
      event_type text   NOT NULL,
      day        date   NOT NULL,
      events     bigint NOT NULL,
      amount_fen bigint NOT NULL,
      PRIMARY KEY (agency_id, event_type, day)
    )`);
}

interface DailyCount {
  readonly agencyId: string;
  readonly eventType: string;
  readonly day: string;
  events: number;
  amountFen: number;
}

/** China has kept UTC+8 all year since 1991, so a fixed offset gives the Asia/Shanghai calendar day. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

function shanghaiDay(instant: string): string {
  return new Date(Date.parse(instant) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

function amountFenOf(data: unknown): number {
  const amount = (data as { amountFen?: unknown } | null)?.amountFen;
  return typeof amount === 'number' ? amount : 0;
}

function countByAgencyTypeAndDay(events: readonly StoredEvent[]): DailyCount[] {
  const counts = new Map<string, DailyCount>();
  for (const event of events) {
    const day = shanghaiDay(event.metadata.occurredAt);
    const key = `${event.agencyId}\u0000${event.type}\u0000${day}`;
    let count = counts.get(key);
    if (!count) {
      count = { agencyId: event.agencyId, eventType: event.type, day, events: 0, amountFen: 0 };
      counts.set(key, count);
    }
    count.events += 1;
    count.amountFen += amountFenOf(event.data);
  }
  return [...counts.values()];
}

/**
 * Case statistics per agency, event type and Asia/Shanghai day of occurrence: how many, and the fines in fen.
 * A batch is summed in memory first, so it costs one upsert however many events it holds.
 */
export class DailyEventStatsProjection implements Projection {
  readonly name = 'bench-daily-event-stats';
  readonly eventTypes = EVENT_TYPES;

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    const counts = countByAgencyTypeAndDay(events);
    if (counts.length === 0) return;
    await tx.query(
      `INSERT INTO ${DAILY_STATS_TABLE} AS s (agency_id, event_type, day, events, amount_fen)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[], $5::bigint[])
       ON CONFLICT (agency_id, event_type, day) DO UPDATE
         SET events = s.events + excluded.events, amount_fen = s.amount_fen + excluded.amount_fen`,
      [
        counts.map((count) => count.agencyId),
        counts.map((count) => count.eventType),
        counts.map((count) => count.day),
        counts.map((count) => count.events),
        counts.map((count) => count.amountFen),
      ],
    );
  }

  async reset(tx: SqlExecutor): Promise<void> {
    // A rebuild rewrites every row: truncating leaves no dead rows for the replay to wade through.
    await tx.query(`TRUNCATE ${DAILY_STATS_TABLE}`);
  }
}
