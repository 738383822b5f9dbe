import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { CaseEvent } from '../cases/domain/case.js';
import type { StoredEvent } from '../eventstore/event.js';
import type { SqlExecutor } from '../eventstore/event-store.js';
import type { Projection } from '../eventstore/projections/projection.js';
import { ProjectionRunner } from '../eventstore/projections/projection-runner.js';
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
@Injectable()
export class StatisticsProjection implements Projection, OnModuleInit {
  readonly name = 'statistics';
  readonly eventTypes: readonly string[] = STATISTICS_EVENT_TYPES;

  constructor(private readonly runner: ProjectionRunner) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

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
      await this.applyPublication(stored, tx);
      await this.applySubmission(stored, tx);
    }
    if (facts.agency.length > 0) {
      const columns = [facts.agency, facts.on, facts.recorded, facts.figure, facts.amount];
      await tx.query(
        `INSERT INTO statistics_facts (agency_id, occurred_on, recorded_at, figure, amount)
         SELECT * FROM unnest($1::text[], $2::date[], $3::timestamptz[], $4::text[], $5::bigint[])`,
        columns,
      );
      await tx.query(
        `INSERT INTO statistics_daily (occurred_on, agency_id, figure, recorded_on, amount)
         SELECT occurred_on, agency_id, figure, (recorded_at AT TIME ZONE 'UTC')::date, sum(amount)
         FROM unnest($1::text[], $2::date[], $3::timestamptz[], $4::text[], $5::bigint[])
              AS fact(agency_id, occurred_on, recorded_at, figure, amount)
         GROUP BY 1, 2, 3, 4
         ON CONFLICT (occurred_on, agency_id, figure, recorded_on)
         DO UPDATE SET amount = statistics_daily.amount + excluded.amount`,
        columns,
      );
    }
    if (penalized.agency.length > 0) {
      await tx.query(
        `INSERT INTO statistics_penalty_decisions (agency_id, occurred_on, recorded_at, party_key)
         SELECT * FROM unnest($1::text[], $2::date[], $3::timestamptz[], $4::text[])`,
        [penalized.agency, penalized.on, penalized.recorded, penalized.party],
      );
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    // The rebuild commits this on its own before replaying in batches, so the table lock is brief; truncating leaves
    // no dead rows for the replay to wade through.
    await tx.query(
      `TRUNCATE statistics_facts, statistics_daily, statistics_penalty_decisions, statistics_case_parties,
                statistics_publications, statistics_submissions`,
    );
  }

  /** Records the parties of the cases opened in this batch and returns the party of every case the batch decides. */
  private async partiesOf(events: readonly StoredEvent[], tx: SqlExecutor): Promise<Map<string, string>> {
    const parties = new Map<string, string>();
    for (const stored of events) {
      const event = stored as unknown as CaseEvent;
      if (event.type === 'CaseOpened') parties.set(caseIdOf(stored), partyKeyOf(event.data.party));
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

  private async applyPublication(stored: StoredEvent, tx: SqlExecutor): Promise<void> {
    const change = publicationChangeOf(stored);
    if (!change) return;
    const publicationId = publicationIdOf(stored);
    const recordedAt = stored.recordedAt.toISOString();
    switch (change.kind) {
      case 'prepared':
        await tx.query(
          `INSERT INTO statistics_publications (publication_id, agency_id, due_date, withheld, prepared_recorded_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (publication_id) DO NOTHING`,
          [publicationId, stored.agencyId, change.dueDate, change.withheld, recordedAt],
        );
        return;
      case 'published':
        await tx.query(
          // A publication is published and cancelled at most once: should a stream ever hold two, the first one stands.
          `UPDATE statistics_publications SET published_on = $2, published_recorded_at = $3
           WHERE publication_id = $1 AND published_on IS NULL`,
          [publicationId, change.publishedOn, recordedAt],
        );
        return;
      case 'cancelled':
        await tx.query(
          `UPDATE statistics_publications SET cancelled_on = $2, cancelled_recorded_at = $3
           WHERE publication_id = $1 AND cancelled_on IS NULL`,
          [publicationId, change.cancelledOn, recordedAt],
        );
        return;
    }
  }
}
