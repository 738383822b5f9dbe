import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CalendarDate } from '../shared/domain/calendar-date.js';
import type { SubmittedFigures } from './domain/figures-submission.js';
import { FIGURES, type Figure, type Figures, emptyFigures } from './domain/statistics-facts.js';
import { type RecordedSubmission, SubmissionsInForceReader } from './submissions/submissions-in-force.query.js';

export interface StatisticsQuery {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  /** null: every agency. */
  readonly agency: string | null;
  /** null: everything recorded so far. */
  readonly asOf: Date | null;
}

/** What agencies that do not log their cases here reported for periods within the one asked. */
export interface SubmittedPart {
  readonly figures: SubmittedFigures;
  /** Figures some counted submission left out: the agency's total does not include them. */
  readonly notReported: readonly Figure[];
  readonly periods: readonly { readonly from: CalendarDate; readonly to: CalendarDate; readonly submittedAt: string }[];
}

export interface AgencyStatistics {
  /** Derived from the agency's cases, plus what it submitted. */
  readonly figures: Figures;
  readonly submitted: SubmittedPart | null;
}

export interface StatisticsResult {
  readonly figures: Figures;
  readonly byAgency: Record<string, AgencyStatistics>;
}

/** A row per agency, plus one with agency_id null for the district-wide total where it is not a plain sum. */
interface FigureRow {
  agency_id: string | null;
  figure: Figure;
  amount: string | number;
}

const addDays = (date: CalendarDate, days: number): CalendarDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const monthStart = (date: CalendarDate): CalendarDate => `${date.slice(0, 7)}-01`;
const monthEnd = (date: CalendarDate): CalendarDate => {
  const next = new Date(Date.parse(`${monthStart(date)}T00:00:00Z`));
  next.setUTCMonth(next.getUTCMonth() + 1);
  return addDays(next.toISOString().slice(0, 10), -1);
};

export interface MonthSplit {
  /** The whole months of the period: first and last month (their first days) and the last day; all null if none. */
  readonly months: { first: CalendarDate | null; last: CalendarDate | null; lastDay: CalendarDate | null };
  /** The days before and after the whole months, each as [from, to] or [null, null]. */
  readonly edges: readonly [readonly [CalendarDate | null, CalendarDate | null], readonly [CalendarDate | null, CalendarDate | null]];
}

/** Splits a period into its whole months (read from the monthly sums) and the partial months at its ends. */
export function splitByMonth(from: CalendarDate, to: CalendarDate): MonthSplit {
  const first = from === monthStart(from) ? from : addDays(monthEnd(from), 1);
  const lastDay = to === monthEnd(to) ? to : addDays(monthStart(to), -1);
  if (first > lastDay) return { months: { first: null, last: null, lastDay: null }, edges: [[from, to], [null, null]] };
  return {
    months: { first, last: monthStart(lastDay), lastDay },
    edges: [from < first ? [from, addDays(first, -1)] : [null, null], lastDay < to ? [addDays(lastDay, 1), to] : [null, null]],
  };
}

/** The statistics report for a period, read from the `statistics` projection (never by replaying events). */
@Injectable()
export class StatisticsReader {
  constructor(
    private readonly db: DataSource,
    private readonly submissions: SubmissionsInForceReader,
  ) {}

  async read(query: StatisticsQuery): Promise<StatisticsResult> {
    const asOf = query.asOf?.toISOString() ?? null;
    const parameters = [query.from, query.to, asOf, query.agency];
    const { months, edges } = splitByMonth(query.from, query.to);
    const [summed, parties, overdue, staffing, submissions] = await Promise.all([
      this.db.query<FigureRow[]>(
        // Whole months from the monthly sums, less what was recorded after asOf; the partial months from the facts.
        `SELECT agency_id, figure, sum(amount) AS amount FROM (
           SELECT agency_id, figure, amount FROM statistics_monthly
           WHERE month BETWEEN $3 AND $4 AND ($2::text IS NULL OR agency_id = $2)
           UNION ALL
           SELECT agency_id, figure, -amount FROM statistics_facts
           WHERE $1::timestamptz IS NOT NULL AND recorded_at > $1 AND occurred_on BETWEEN $3 AND $5
             AND ($2::text IS NULL OR agency_id = $2)
           UNION ALL
           SELECT agency_id, figure, amount FROM statistics_facts
           WHERE (occurred_on BETWEEN $6 AND $7 OR occurred_on BETWEEN $8 AND $9)
             AND recorded_at <= coalesce($1::timestamptz, 'infinity') AND ($2::text IS NULL OR agency_id = $2)
         ) AS facts
         GROUP BY agency_id, figure`,
        [asOf, query.agency, months.first, months.last, months.lastDay, ...edges.flat()],
      ),
      asOf === null ? this.partiesPenalized(query) : this.partiesPenalizedAsOf(parameters),
      asOf === null ? this.publicationsOverdue(query) : this.publicationsOverdueAsOf(parameters),
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
      // Submissions for periods within the one asked; one that straddles its bounds cannot be split, so it is left out.
      this.submissions.read({ agency: query.agency, asOf: query.asOf, within: { from: query.from, to: query.to } }),
    ]);
    return withSubmissions(tally([...summed, ...parties, ...overdue, ...staffing]), submissions);
  }

  /** A party counts once, on its first day in the period: the day whose previous one lies before it, if any. */
  private partiesPenalized(query: StatisticsQuery): Promise<FigureRow[]> {
    return this.db.query<FigureRow[]>(
      `SELECT nullif(scope, '*') AS agency_id, 'partiesPenalized' AS figure, count(*) AS amount
       FROM statistics_party_days
       WHERE occurred_on BETWEEN $1 AND $2 AND (prev_on IS NULL OR prev_on < $1)
         AND (CASE WHEN $3::text IS NULL THEN true ELSE scope = $3 END)
       GROUP BY scope`,
      [query.from, query.to, query.agency],
    );
  }

  /** As known at asOf the day links may include later decisions, so the decisions themselves are counted. */
  private partiesPenalizedAsOf(parameters: readonly unknown[]): Promise<FigureRow[]> {
    return this.db.query<FigureRow[]>(
      `SELECT agency_id, 'partiesPenalized' AS figure, count(DISTINCT party_key) AS amount
       FROM statistics_penalty_decisions
       WHERE occurred_on BETWEEN $1 AND $2 AND recorded_at <= $3::timestamptz AND ($4::text IS NULL OR agency_id = $4)
       GROUP BY GROUPING SETS ((agency_id), ())`,
      [...parameters],
    );
  }

  /**
   * Due within the period and, at its end, neither published nor cancelled: those never published, and those
   * published only after the period, each read from its own index.
   */
  private publicationsOverdue(query: StatisticsQuery): Promise<FigureRow[]> {
    return this.db.query<FigureRow[]>(
      `SELECT agency_id, 'publicationsOverdue' AS figure, count(*) AS amount FROM (
         SELECT agency_id, withheld, cancelled_on FROM statistics_publications
         WHERE published_on IS NULL AND due_date BETWEEN $1 AND $2
         UNION ALL
         SELECT agency_id, withheld, cancelled_on FROM statistics_publications
         WHERE published_on > $2 AND due_date BETWEEN $1 AND $2
       ) AS open
       WHERE NOT withheld AND (cancelled_on IS NULL OR cancelled_on > $2) AND ($3::text IS NULL OR agency_id = $3)
       GROUP BY agency_id`,
      [query.from, query.to, query.agency],
    );
  }

  /** The same as known at asOf: a publication or cancellation recorded later had not happened yet. */
  private publicationsOverdueAsOf(parameters: readonly unknown[]): Promise<FigureRow[]> {
    return this.db.query<FigureRow[]>(
      `SELECT agency_id, 'publicationsOverdue' AS figure, count(*) AS amount
       FROM statistics_publications
       WHERE due_date BETWEEN $1 AND $2 AND NOT withheld AND prepared_recorded_at <= $3::timestamptz
         AND ($4::text IS NULL OR agency_id = $4)
         AND NOT coalesce(published_on <= $2 AND published_recorded_at <= $3::timestamptz, false)
         AND NOT coalesce(cancelled_on <= $2 AND cancelled_recorded_at <= $3::timestamptz, false)
       GROUP BY agency_id`,
      [...parameters],
    );
  }
}

/**
 * Adds each agency's submitted figures (those in force, ordered by period) to its own and to the district-wide total,
 * saying what came from where.
 */
export function withSubmissions(result: StatisticsResult, submissions: readonly RecordedSubmission[]): StatisticsResult {
  if (submissions.length === 0) return result;
  const figures = { ...result.figures };
  const byAgency: Record<string, AgencyStatistics> = { ...result.byAgency };
  const agencies = [...new Set(submissions.map((submission) => submission.agencyId))];
  for (const agencyId of agencies) {
    const own = submissions.filter((submission) => submission.agencyId === agencyId);
    const submitted: Partial<Figures> = {};
    const notReported = new Set<Figure>();
    for (const submission of own) {
      for (const figure of FIGURES) {
        const amount = submission.figures[figure];
        if (amount === undefined) notReported.add(figure);
        else submitted[figure] = (submitted[figure] ?? 0) + amount;
      }
    }
    const agencyFigures = { ...(byAgency[agencyId]?.figures ?? emptyFigures()) };
    for (const figure of FIGURES) {
      const amount = submitted[figure] ?? 0;
      agencyFigures[figure] += amount;
      figures[figure] += amount;
    }
    byAgency[agencyId] = {
      figures: agencyFigures,
      submitted: {
        figures: submitted,
        notReported: FIGURES.filter((figure) => notReported.has(figure)),
        periods: own.map((submission) => ({ from: submission.from, to: submission.to, submittedAt: submission.recordedAt.toISOString() })),
      },
    };
  }
  const sorted = Object.fromEntries(Object.keys(byAgency).sort().map((agencyId) => [agencyId, byAgency[agencyId]!]));
  return { figures, byAgency: sorted };
}

/** Folds figure rows into per-agency figures and the district-wide total (a plain sum unless a total row is given). */
export function tally(rows: readonly FigureRow[]): StatisticsResult {
  const figures = emptyFigures();
  const byAgency: Record<string, { figures: Figures; submitted: null }> = {};
  const totalsGiven = new Set(rows.filter((row) => row.agency_id === null).map((row) => row.figure));
  for (const row of rows) {
    const amount = Number(row.amount);
    if (row.agency_id === null) {
      figures[row.figure] += amount;
      continue;
    }
    const agency = (byAgency[row.agency_id] ??= { figures: emptyFigures(), submitted: null });
    agency.figures[row.figure] += amount;
    if (!totalsGiven.has(row.figure)) figures[row.figure] += amount;
  }
  const sorted = Object.fromEntries(Object.keys(byAgency).sort().map((agencyId) => [agencyId, byAgency[agencyId]!]));
  return { figures, byAgency: sorted };
}

