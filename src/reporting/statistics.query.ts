import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CalendarDate } from '../shared/domain/calendar-date.js';
import type { SubmittedFigures } from './domain/figures-submission.js';
import { FIGURES, type Figure, type Figures, emptyFigures } from './domain/statistics-facts.js';

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

interface SubmissionRow {
  agency_id: string;
  period_from: string;
  period_to: string;
  figures: SubmittedFigures;
  recorded_at: Date;
}

/** The statistics report for a period, read from the `statistics` projection (never by replaying events). */
@Injectable()
export class StatisticsReader {
  constructor(private readonly db: DataSource) {}

  async read(query: StatisticsQuery): Promise<StatisticsResult> {
    const asOf = query.asOf?.toISOString() ?? null;
    const parameters = [query.from, query.to, asOf, query.agency];
    // Days recorded before the asOf's own (UTC) day come from the rollup; that day's facts up to asOf, one by one.
    const asOfDay = asOf?.slice(0, 10) ?? null;
    const [summed, parties, overdue, staffing, submissions] = await Promise.all([
      this.db.query<FigureRow[]>(
        `SELECT agency_id, figure, sum(amount) AS amount FROM (
           SELECT agency_id, figure, amount FROM statistics_daily
           WHERE occurred_on BETWEEN $1 AND $2 AND ($4::text IS NULL OR agency_id = $4)
             AND ($3::date IS NULL OR recorded_on < $3::date)
           UNION ALL
           SELECT agency_id, figure, amount FROM statistics_facts
           WHERE $3::date IS NOT NULL AND recorded_at >= ($3::date::timestamp AT TIME ZONE 'UTC') AND recorded_at <= $5::timestamptz
             AND occurred_on BETWEEN $1 AND $2 AND ($4::text IS NULL OR agency_id = $4)
         ) AS facts
         GROUP BY agency_id, figure`,
        [query.from, query.to, asOfDay, query.agency, asOf],
      ),
      // A party penalized by two agencies is one party district-wide: the total is its own distinct count.
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
      this.db.query<SubmissionRow[]>(
        `SELECT agency_id, period_from::text, period_to::text, figures, recorded_at FROM statistics_submissions
         WHERE period_from >= $1 AND period_to <= $2 AND recorded_at <= coalesce($3::timestamptz, 'infinity')
           AND ($4::text IS NULL OR agency_id = $4)`,
        parameters,
      ),
    ]);
    // reconsiderations and lawsuits stay 0: no events record them yet; they will be facts of those later events.
    return withSubmissions(tally([...summed, ...parties, ...overdue, ...staffing]), latestSubmissions(submissions));
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

/** A resubmission replaces the figures of its period: keep the newest known at the query's asOf. */
function latestSubmissions(rows: readonly SubmissionRow[]): SubmissionRow[] {
  const latest = new Map<string, SubmissionRow>();
  for (const row of rows) {
    const key = `${row.agency_id}/${row.period_from}/${row.period_to}`;
    const known = latest.get(key);
    if (!known || known.recorded_at < row.recorded_at) latest.set(key, row);
  }
  return [...latest.values()].sort((a, b) => a.period_from.localeCompare(b.period_from));
}

/** Adds each agency's submitted figures to its own and to the district-wide total, saying what came from where. */
export function withSubmissions(result: StatisticsResult, submissions: readonly SubmissionRow[]): StatisticsResult {
  if (submissions.length === 0) return result;
  const figures = { ...result.figures };
  const byAgency: Record<string, AgencyStatistics> = { ...result.byAgency };
  const agencies = [...new Set(submissions.map((row) => row.agency_id))];
  for (const agencyId of agencies) {
    const own = submissions.filter((row) => row.agency_id === agencyId);
    const submitted: Partial<Figures> = {};
    const notReported = new Set<Figure>();
    for (const row of own) {
      for (const figure of FIGURES) {
        const amount = row.figures[figure];
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
        periods: own.map((row) => ({ from: row.period_from, to: row.period_to, submittedAt: row.recorded_at.toISOString() })),
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

