import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StoredEvent } from '../../eventstore/event.js';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import { Projection } from '../../eventstore/projections/projection.js';
import type { BulletinEntry } from '../bulletins.js';

/** The public bulletins read model, from the one `BulletinPublished` event of each `bulletin-<YYYY-MM>` stream. */
@Projection()
@Injectable()
export class PublicBulletinsProjection implements Projection {
  readonly name = 'public-bulletins';
  readonly eventTypes = ['BulletinPublished'];

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    for (const event of events) {
      const { month, items } = event.data as { month: string; items: BulletinEntry[] };
      const count = (kind: BulletinEntry['kind']) => items.filter((item) => item.kind === kind).length;
      await tx.query(`INSERT INTO public_bulletins (month, published_at, inspections, investigations) VALUES ($1, $2, $3, $4)`, [
        month,
        event.metadata.occurredAt,
        count('inspection'),
        count('accident_investigation'),
      ]);
      await tx.query(
        `INSERT INTO public_bulletin_entries (month, position, opened_on, agency_id, kind, party, hazards, status)
         SELECT $1, e.position, (e.item->>'openedOn')::date, e.item->>'agencyId', e.item->>'kind', e.item->>'party',
                (e.item->>'hazards')::int, e.item->>'status'
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(item, position)`,
        [month, JSON.stringify(items)],
      );
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM public_bulletins');
  }
}

export interface BulletinSummary {
  readonly month: string;
  readonly publishedAt: string;
  readonly inspections: number;
  readonly investigations: number;
}

export interface BulletinLine {
  readonly openedOn: string;
  readonly agencyName: string;
  readonly kind: BulletinEntry['kind'];
  readonly party: string;
  readonly hazards: number;
  readonly status: string;
}

/** Reads of the public bulletins: one query for a page of the list, two for a page of one bulletin. */
@Injectable()
export class PublicBulletins {
  constructor(private readonly db: DataSource) {}

  /** Newest month first. */
  async list(page: number, pageSize: number): Promise<{ total: number; items: BulletinSummary[] }> {
    const rows = await this.db.query<{ month: string; published_at: Date; inspections: number; investigations: number; total: string }[]>(
      `SELECT month, published_at, inspections, investigations, count(*) OVER () AS total
       FROM public_bulletins ORDER BY month DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    );
    const total = rows.length > 0 || page === 1 ? Number(rows[0]?.total ?? 0) : await this.count();
    return { total, items: rows.map(summary) };
  }

  /** A bulletin with one page of its entries, in the order it lists them; null when there is none for the month. */
  async get(month: string, page: number, pageSize: number): Promise<{ bulletin: BulletinSummary; entries: BulletinLine[] } | null> {
    const [row] = await this.db.query<{ month: string; published_at: Date; inspections: number; investigations: number }[]>(
      `SELECT month, published_at, inspections, investigations FROM public_bulletins WHERE month = $1`,
      [month],
    );
    if (!row) return null;
    // The agency's name from its read model, joined in: a bulletin entry carries only the agency's id.
    const entries = await this.db.query<{ opened_on: string; agency_name: string; kind: BulletinEntry['kind']; party: string; hazards: number; status: string }[]>(
      `SELECT e.opened_on::text, coalesce(a.name, e.agency_id) AS agency_name, e.kind, e.party, e.hazards, e.status
       FROM public_bulletin_entries e LEFT JOIN agencies a ON a.agency_id = e.agency_id
       WHERE e.month = $1 ORDER BY e.position LIMIT $2 OFFSET $3`,
      [month, pageSize, (page - 1) * pageSize],
    );
    return {
      bulletin: summary(row),
      entries: entries.map((e) => ({ openedOn: e.opened_on, agencyName: e.agency_name, kind: e.kind, party: e.party, hazards: e.hazards, status: e.status })),
    };
  }

  private async count(): Promise<number> {
    const [row] = await this.db.query<{ total: string }[]>(`SELECT count(*) AS total FROM public_bulletins`);
    return Number(row?.total ?? 0);
  }
}

const summary = (row: { month: string; published_at: Date; inspections: number; investigations: number }): BulletinSummary => ({
  month: row.month,
  publishedAt: row.published_at.toISOString(),
  inspections: row.inspections,
  investigations: row.investigations,
});
