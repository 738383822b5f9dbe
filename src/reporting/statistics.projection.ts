import { Injectable } from '@nestjs/common';
import type { CaseEvent } from '../cases/domain/case.js';
import type { StoredEvent } from '../eventstore/event.js';
import type { SqlExecutor } from '../shared/database/sql-executor.js';
import { Projection } from '../eventstore/projections/projection.js';
import { shanghaiDate } from '../shared/domain/calendar-date.js';
import type { FiguresSubmissionEvent } from './domain/figures-submission.js';
import { STATISTICS_EVENT_TYPES, factsOf, partyKeyOf, penalizesParty, publicationChangeOf } from './domain/statistics-facts.js';

const caseIdOf = (stored: StoredEvent): string => stored.streamId.slice('case-'.length);
const publicationIdOf = (stored: StoredEvent): string => stored.streamId.slice('publication-'.length);

/**
 * The statistics report's read model: the facts each event adds to the summed figures, plus what the figures that
 * cannot be summed need (the party of each case and each penalty decision; each publication's due and publication
 * dates). Every row keeps the event's recorded-at, so a query can answer as the system knew it at any moment.
 */
@Projection()
@Injectable()
export class StatisticsProjection implements Projection {
  readonly name = 'statistics';
  readonly eventTypes: readonly string[] = STATISTICS_EVENT_TYPES;

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    const parties = await this.partiesOf(events, tx);
    const facts = { agency: [] as string[], on: [] as string[], recorded: [] as string[], figure: [] as string[], amount: [] as string[] };
    const penalized = { agency: [] as string[], on: [] as string[], recorded: [] as string[], party: [] as string[] };
    for (const stored of events) {
      const recordedAt = stored.recordedAt.toISOString();
      for (const fact of factsOf(stored)) {
        facts.agency.push(stored.agencyId);
        facts.on.push(fact.occurredOn);
        facts.recorded.push(recordedAt);
        facts.figure.push(fact.figure);
        facts.amount.push(String(fact.amount));
      }
      if (penalizesParty(stored)) {
        const party = parties.get(caseIdOf(stored));
        if (party === undefined) throw new Error(`statistics: no CaseOpened before the decision of ${stored.streamId}`);
        penalized.agency.push(stored.agencyId);
        penalized.on.push(shanghaiDate(stored.metadata.occurredAt));
        penalized.recorded.push(recordedAt);
        penalized.party.push(party);
      }
      await this.applySubmission(stored, tx);
    }
    await this.applyPublications(events, tx);
    if (facts.agency.length > 0) {
      const columns = [facts.agency, facts.on, facts.recorded, facts.figure, facts.amount];
      await tx.query(
        `INSERT INTO statistics_facts (agency_id, occurred_on, recorded_at, figure, amount)
         SELECT * FROM unnest($1::text[], $2::date[], $3::timestamptz[], $4::text[], $5::bigint[])`,
        columns,
      );
      await tx.query(
        `INSERT INTO statistics_monthly (month, agency_id, figure, amount)
         SELECT date_trunc('month', occurred_on)::date, agency_id, figure, sum(amount)
         FROM unnest($1::text[], $2::date[], $3::timestamptz[], $4::text[], $5::bigint[])
              AS fact(agency_id, occurred_on, recorded_at, figure, amount)
         GROUP BY 1, 2, 3
         ON CONFLICT (month, agency_id, figure) DO UPDATE SET amount = statistics_monthly.amount + excluded.amount`,
        columns,
      );
    }
    if (penalized.agency.length > 0) {
      await tx.query(
        `INSERT INTO statistics_penalty_decisions (agency_id, occurred_on, recorded_at, party_key)
         SELECT * FROM unnest($1::text[], $2::date[], $3::timestamptz[], $4::text[])`,
        [penalized.agency, penalized.on, penalized.recorded, penalized.party],
      );
      await this.linkPartyDays(penalized, tx);
    }
  }

  /**
   * Adds the days parties were penalized (per agency and district-wide), each linked to the party's day before, in
   * one statement. A late-recorded decision can land before days already there: the first of those then links to it.
   */
  private async linkPartyDays(penalized: { agency: string[]; on: string[]; party: string[] }, tx: SqlExecutor): Promise<void> {
    // Each party's days in this batch, in order and once: the batch itself says which of them comes before which.
    const daysByParty = new Map<string, Set<string>>();
    penalized.party.forEach((party, index) => {
      for (const scope of [penalized.agency[index]!, '*']) {
        const key = `${scope}\u0000${party}`;
        (daysByParty.get(key) ?? daysByParty.set(key, new Set()).get(key)!).add(penalized.on[index]!);
      }
    });
    const rows = { scope: [] as string[], party: [] as string[], on: [] as string[], before: [] as (string | null)[] };
    for (const [key, days] of daysByParty) {
      const [scope, party] = key.split('\u0000') as [string, string];
      let before: string | null = null;
      for (const on of [...days].sort()) {
        rows.scope.push(scope);
        rows.party.push(party);
        rows.on.push(on);
        rows.before.push(before);
        before = on;
      }
    }
    await tx.query(
      `WITH added AS (
         INSERT INTO statistics_party_days (scope, party_key, occurred_on, prev_on)
         SELECT i.scope, i.party_key, i.occurred_on, greatest(i.before_in_batch,
                  (SELECT max(x.occurred_on) FROM statistics_party_days x
                   WHERE x.scope = i.scope AND x.party_key = i.party_key AND x.occurred_on < i.occurred_on))
         FROM unnest($1::text[], $2::text[], $3::date[], $4::date[]) AS i(scope, party_key, occurred_on, before_in_batch)
         ON CONFLICT DO NOTHING
         RETURNING scope, party_key, occurred_on
       )
       UPDATE statistics_party_days d SET prev_on = later.prev_on
       FROM (SELECT next.scope, next.party_key, next.occurred_on, max(a.occurred_on) AS prev_on
             FROM added a
             CROSS JOIN LATERAL (SELECT x.scope, x.party_key, x.occurred_on FROM statistics_party_days x
                                 WHERE x.scope = a.scope AND x.party_key = a.party_key AND x.occurred_on > a.occurred_on
                                 ORDER BY x.occurred_on LIMIT 1) AS next
             GROUP BY 1, 2, 3) AS later
       WHERE d.scope = later.scope AND d.party_key = later.party_key AND d.occurred_on = later.occurred_on
         AND (d.prev_on IS NULL OR d.prev_on < later.prev_on)`,
      [rows.scope, rows.party, rows.on, rows.before],
    );
  }

  async reset(tx: SqlExecutor): Promise<void> {
    // The rebuild commits this on its own before replaying in batches, so the table lock is brief; truncating leaves
    // no dead rows for the replay to wade through.
    await tx.query(
      `TRUNCATE statistics_facts, statistics_monthly, statistics_penalty_decisions, statistics_party_days,
                statistics_case_parties, statistics_publications, statistics_submissions`,
    );
  }

  /** Records the parties of the cases opened in this batch and returns the party of every case the batch decides. */
  private async partiesOf(events: readonly StoredEvent[], tx: SqlExecutor): Promise<Map<string, string>> {
    const parties = new Map<string, string>();
    for (const stored of events) {
      const event = stored as unknown as CaseEvent;
      if (event.type === 'CaseOpened') parties.set(caseIdOf(stored), partyKeyOf(event.data.party, caseIdOf(stored)));
    }
    if (parties.size > 0) {
      await tx.query(
        `INSERT INTO statistics_case_parties (case_id, party_key) SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (case_id) DO NOTHING`,
        [[...parties.keys()], [...parties.values()]],
      );
    }
    const missing = [...new Set(events.filter(penalizesParty).map(caseIdOf))].filter((caseId) => !parties.has(caseId));
    if (missing.length > 0) {
      const rows = await tx.query<{ case_id: string; party_key: string }[]>(
        `SELECT case_id, party_key FROM statistics_case_parties WHERE case_id = ANY($1::text[])`,
        [missing],
      );
      for (const row of rows) parties.set(row.case_id, row.party_key);
    }
    return parties;
  }

  private async applySubmission(stored: StoredEvent, tx: SqlExecutor): Promise<void> {
    const event = stored as unknown as FiguresSubmissionEvent;
    if (event.type !== 'FiguresSubmitted') return;
    await tx.query(
      `INSERT INTO statistics_submissions (global_position, agency_id, period_from, period_to, figures, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (global_position) DO NOTHING`,
      [stored.globalPosition, event.data.agencyId, event.data.from, event.data.to, JSON.stringify(event.data.figures), stored.recordedAt.toISOString()],
    );
  }

  /**
   * The publication rows of a batch in three statements: the preparations first (a publication may be prepared and
   * published in one batch), then the first publication and first cancellation of each, which is the one that stands.
   */
  private async applyPublications(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    const prepared = { id: [] as string[], agency: [] as string[], due: [] as (string | null)[], withheld: [] as boolean[], recorded: [] as string[] };
    const published = new Map<string, [string, string]>();
    const cancelled = new Map<string, [string, string]>();
    for (const stored of events) {
      const change = publicationChangeOf(stored);
      if (!change) continue;
      const publicationId = publicationIdOf(stored);
      const recordedAt = stored.recordedAt.toISOString();
      if (change.kind === 'prepared') {
        prepared.id.push(publicationId);
        prepared.agency.push(stored.agencyId);
        prepared.due.push(change.dueDate);
        prepared.withheld.push(change.withheld);
        prepared.recorded.push(recordedAt);
      } else if (change.kind === 'published') {
        if (!published.has(publicationId)) published.set(publicationId, [change.publishedOn, recordedAt]);
      } else if (!cancelled.has(publicationId)) {
        cancelled.set(publicationId, [change.cancelledOn, recordedAt]);
      }
    }
    if (prepared.id.length > 0) {
      await tx.query(
        `INSERT INTO statistics_publications (publication_id, agency_id, due_date, withheld, prepared_recorded_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::boolean[], $5::timestamptz[])
         ON CONFLICT (publication_id) DO NOTHING`,
        [prepared.id, prepared.agency, prepared.due, prepared.withheld, prepared.recorded],
      );
    }
    const columns = (changes: Map<string, [string, string]>) => [
      [...changes.keys()],
      [...changes.values()].map(([on]) => on),
      [...changes.values()].map(([, recordedAt]) => recordedAt),
    ];
    if (published.size > 0) {
      await tx.query(
        `UPDATE statistics_publications p SET published_on = c.on_date, published_recorded_at = c.recorded_at
         FROM unnest($1::text[], $2::date[], $3::timestamptz[]) AS c(publication_id, on_date, recorded_at)
         WHERE p.publication_id = c.publication_id AND p.published_on IS NULL`,
        columns(published),
      );
    }
    if (cancelled.size > 0) {
      await tx.query(
        `UPDATE statistics_publications p SET cancelled_on = c.on_date, cancelled_recorded_at = c.recorded_at
         FROM unnest($1::text[], $2::date[], $3::timestamptz[]) AS c(publication_id, on_date, recorded_at)
         WHERE p.publication_id = c.publication_id AND p.cancelled_on IS NULL`,
        columns(cancelled),
      );
    }
  }
}
