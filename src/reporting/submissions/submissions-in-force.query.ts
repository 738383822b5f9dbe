import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import { type Submission, type SubmittedFigures, latestPerPeriod } from '../domain/figures-submission.js';

export interface SubmissionsQuery {
  /** null: every agency. */
  readonly agency: string | null;
  /** null: everything recorded so far. */
  readonly asOf: Date | null;
  /** Only the submissions whose period lies within this one; omitted: every period. */
  readonly within?: { readonly from: CalendarDate; readonly to: CalendarDate };
}

/** A submission in force, with when the system learned it. */
export interface RecordedSubmission extends Submission {
  readonly recordedAt: Date;
}

interface SubmissionRow {
  agency_id: string;
  period_from: string;
  period_to: string;
  figures: SubmittedFigures;
  recorded_at: Date;
}

/**
 * The figures in force as known at an instant: the latest submission per agency and period among those recorded by
 * `asOf`, read from the `statistics` projection's `statistics_submissions` (which keeps every submission).
 */
@Injectable()
export class SubmissionsInForceReader {
  constructor(private readonly db: DataSource) {}

  async read(query: SubmissionsQuery): Promise<RecordedSubmission[]> {
    const rows = await this.db.query<SubmissionRow[]>(
      `SELECT agency_id, period_from::text, period_to::text, figures, recorded_at FROM statistics_submissions
       WHERE recorded_at <= coalesce($1::timestamptz, 'infinity') AND ($2::text IS NULL OR agency_id = $2)
         AND ($3::date IS NULL OR period_from >= $3) AND ($4::date IS NULL OR period_to <= $4)
       ORDER BY global_position`,
      [query.asOf?.toISOString() ?? null, query.agency, query.within?.from ?? null, query.within?.to ?? null],
    );
    return latestPerPeriod(
      rows.map((row) => ({ agencyId: row.agency_id, from: row.period_from, to: row.period_to, figures: row.figures, recordedAt: row.recorded_at })),
    );
  }
}
