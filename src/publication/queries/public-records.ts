import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersonalDataVault } from '../../eventstore/personal-data/vault.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';
import type { LicensingRecord, PublicRecord } from '../domain/public-record.js';

export type PublicSource = 'penalty' | 'licensing';

/**
 * A decision as the public sees it: the record redacted when it was prepared, and whether it was withdrawn.
 * The public JSON feeds and the public pages read only this, so neither can show what the other does not.
 */
export type PublicDecision = {
  readonly publicationId: string;
  readonly publishedOn: CalendarDate;
  readonly withdrawn: boolean;
  readonly withdrawnOn: CalendarDate | null;
  readonly withdrawalReason: string | null;
} & ({ readonly source: 'penalty'; readonly record: PublicRecord } | { readonly source: 'licensing'; readonly record: LicensingRecord });

export interface PublicSearch {
  /** null: both kinds. */
  readonly source: PublicSource | null;
  readonly from: CalendarDate | null;
  readonly to: CalendarDate | null;
  /** Part of the party's name. */
  readonly party: string | null;
  readonly page: number;
  readonly pageSize: number;
}

interface Row {
  publication_id: string;
  source: PublicSource;
  status: string;
  published_on: string;
  withdrawn_on: string | null;
  withdrawal_reason: string | null;
  source_stream_id: string;
  record: PublicRecord | LicensingRecord;
  restricted_subjects: string[];
}

// The record's data subjects (src/personal-data/personal-data.declarations.ts) that are restricted, in the page's own
// query, so that a page stays two queries however many persons it shows.
const COLUMNS = `publication_id, source, source_stream_id, status, published_on::text, withdrawn_on::text, withdrawal_reason, record,
  ARRAY(SELECT k.subject_id FROM personal_data_keys k
        WHERE k.subject_id IN ('party:' || publications.source_stream_id, 'representative:' || publications.source_stream_id)
          AND k.restricted_at IS NOT NULL AND k.erased_at IS NULL) AS restricted_subjects`;

// Published at some time: a withdrawn record stays listed, saying that it was withdrawn and why. A search by party name
// never finds a restricted or erased person (the name searched is the party's: its subject is `party:<source>`),
// in the query itself, so that the count and the pages agree. The search's condition is inside the NOT EXISTS, not
// OR'ed around it, so that PostgreSQL plans a hash anti-join: OR'ed, the count over 20,000 records (which has no
// LIMIT) was costed high enough to be JIT-compiled and ran about 2.5 times slower.
const FILTER = `published_on IS NOT NULL AND ($1::text IS NULL OR source = $1)
  AND ($2::date IS NULL OR decision_date >= $2) AND ($3::date IS NULL OR decision_date <= $3)
  AND ($4::text IS NULL OR record->>'partyName' ILIKE '%' || replace(replace(replace($4, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
  AND NOT EXISTS (
        SELECT 1 FROM personal_data_keys k WHERE $4::text IS NOT NULL AND k.subject_id = 'party:' || publications.source_stream_id
          AND (k.restricted_at IS NOT NULL OR k.erased_at IS NOT NULL))`;

function toDecision(row: Row): PublicDecision {
  const withdrawn = row.status === 'withdrawn';
  return {
    publicationId: row.publication_id,
    source: row.source,
    record: row.record,
    publishedOn: row.published_on,
    withdrawn,
    withdrawnOn: row.withdrawn_on,
    // The reason is public only once the record is withdrawn; before that it is the agency's working note.
    withdrawalReason: withdrawn ? row.withdrawal_reason : null,
  } as PublicDecision;
}

/** Published decisions from the `publications` read model: two queries per page (the page and its count), one per decision. */
@Injectable()
export class PublicRecords {
  constructor(
    private readonly db: DataSource,
    private readonly vault: PersonalDataVault,
  ) {}

  /** A restricted person (个人信息保护法 Art. 47) stays out of public output: the record shows them as restricted. */
  private unlessRestricted(rows: readonly Row[]): PublicDecision[] {
    return rows.map((row) => {
      const event = { streamId: row.publication_id, data: { sourceStreamId: row.source_stream_id, record: row.record } };
      const masked = this.vault.mask('PublicationPrepared', event, new Set(row.restricted_subjects)) as { record: Row['record'] };
      return toDecision({ ...row, record: masked.record });
    });
  }

  /**
   * Newest publication first; ties by id, so that pages neither repeat nor skip a decision. The count is a query of
   * its own, run beside the page: a window count on the page's query would carry every matching record through the
   * sort (about 7 times slower over 20,000 records). The order names the table's column, not the text it is selected
   * as, so that the index on published_on serves it.
   */
  async search(search: PublicSearch): Promise<{ total: number; items: PublicDecision[] }> {
    const params = [search.source, search.from, search.to, search.party];
    const [rows, [count]] = await Promise.all([
      this.db.query<Row[]>(`SELECT ${COLUMNS} FROM publications WHERE ${FILTER} ORDER BY publications.published_on DESC, publication_id LIMIT $5 OFFSET $6`, [
        ...params,
        search.pageSize,
        (search.page - 1) * search.pageSize,
      ]),
      this.db.query<{ total: string }[]>(`SELECT count(*) AS total FROM publications WHERE ${FILTER}`, params),
    ]);
    return { total: Number(count?.total ?? 0), items: this.unlessRestricted(rows) };
  }

  async get(publicationId: string): Promise<PublicDecision | null> {
    const [row] = await this.db.query<Row[]>(
      `SELECT ${COLUMNS} FROM publications WHERE publication_id = $1 AND published_on IS NOT NULL`,
      [publicationId],
    );
    return row ? (this.unlessRestricted([row])[0] ?? null) : null;
  }
}
