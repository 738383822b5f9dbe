import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CalendarDate } from '../shared/domain/calendar-date.js';
import { type Figure, type Figures, emptyFigures } from './statistics-facts.js';

export interface StatisticsQuery {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  /** null: every agency. */
  readonly agency: string | null;
  /** null: everything recorded so far. */
  readonly asOf: Date | null;
}

export interface StatisticsResult {
  readonly figures: Figures;
  readonly byAgency: Record<string, { figures: Figures }>;
}

/** A row per agency, plus one with agency_id null for the district-wide total where it is not a plain sum. */
interface FigureRow {
  agency_id: string | null;
  figure: Figure;
  amount: string | number;
}

/** The statistics report for a period, read from the `statistics` projection (never by replaying events). */
@Injectable()
export class StatisticsReader {
  constructor(private readonly db: DataSource) {}

  async read(query: StatisticsQuery): Promise<StatisticsResult> {
    const parameters = [query.from, query.to, query.asOf?.toISOString() ?? null, query.agency];
    const [summed, parties, overdue, staffing] = await Promise.all([
      this.db.query<FigureRow[]>(
        `SELECT agency_id, figure, sum(amount) AS amount FROM statistics_facts
         WHERE occurred_on BETWEEN $1 AND $2 AND recorded_at <= coalesce($3::timestamptz, 'infinity')
           AND ($4::text IS NULL OR agency_id = $4)
         GROUP BY agency_id, figure`,
        parameters,
      ),
      // A party penalized by two agencies is one party district-wide: the total is its own distinct count.
      this.db.query<FigureRow[]>(
        `SELECT agency_id, 'partiesPenalized' AS figure, count(DISTINCT party_key) AS amount
         FROM statistics_penalty_decisions
         WHERE occurred_on BETWEEN $1 AND $2 AND recorded_at <= coalesce($3::timestamptz, 'infinity')
           AND ($4::text IS NULL OR agency_id = $4)
         GROUP BY GROUPING SETS ((agency_id), ())`,
        parameters,
      ),
      // Due within the period and, at its end (or as known at asOf), neither published nor cancelled.
      this.db.query<FigureRow[]>(
        `SELECT agency_id, 'publicationsOverdue' AS figure, count(*) AS amount
         FROM statistics_publications
         WHERE due_date BETWEEN $1 AND $2 AND NOT withheld
           AND prepared_recorded_at <= coalesce($3::timestamptz, 'infinity')
           AND ($4::text IS NULL OR agency_id = $4)
           AND NOT coalesce(published_on <= $2 AND published_recorded_at <= coalesce($3::timestamptz, 'infinity'), false)
           AND NOT coalesce(cancelled_on <= $2 AND cancelled_recorded_at <= coalesce($3::timestamptz, 'infinity'), false)
         GROUP BY agency_id`,
        parameters,
      ),
      // The officer register is current state, not history: certificates are taken as valid on the last day.
      this.db.query<FigureRow[]>(
        `SELECT agency_id, figure, count(*) AS amount
         FROM officers,
              LATERAL (VALUES ('certifiedOfficers', 'officer' = ANY(roles)), ('reviewers', 'reviewer' = ANY(roles))) AS f(figure, holds)
         WHERE holds AND valid_from <= $1 AND valid_until >= $1 AND (revoked_on IS NULL OR revoked_on > $1)
           AND ($2::text IS NULL OR agency_id = $2)
         GROUP BY agency_id, figure`,
        [query.to, query.agency],
      ),
    ]);
    // reconsiderations and lawsuits stay 0: no events record them yet; they will be facts of those later events.
    return tally([...summed, ...parties, ...overdue, ...staffing]);
  }
}

/** Folds figure rows into per-agency figures and the district-wide total (a plain sum unless a total row is given). */
export function tally(rows: readonly FigureRow[]): StatisticsResult {
  const figures = emptyFigures();
  const byAgency: Record<string, { figures: Figures }> = {};
  const totalsGiven = new Set(rows.filter((row) => row.agency_id === null).map((row) => row.figure));
  for (const row of rows) {
    const amount = Number(row.amount);
    if (row.agency_id === null) {
      figures[row.figure] += amount;
      continue;
    }
    const agency = (byAgency[row.agency_id] ??= { figures: emptyFigures() });
    agency.figures[row.figure] += amount;
    if (!totalsGiven.has(row.figure)) figures[row.figure] += amount;
  }
  const sorted = Object.fromEntries(Object.keys(byAgency).sort().map((agencyId) => [agencyId, byAgency[agencyId]!]));
  return { figures, byAgency: sorted };
}

