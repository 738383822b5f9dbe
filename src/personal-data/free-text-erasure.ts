import { Injectable } from '@nestjs/common';
import { type CaseEvent, type CaseState, caseStreamId, evolveCase, initialCase } from '../cases/domain/case.js';
import { loadAggregate } from '../eventstore/command-handling.js';
import { PostgresEventStore } from '../eventstore/event-store.js';
import { PersonalDataVault } from '../eventstore/personal-data/vault.js';
import { type RedactionSubjects, cleanedOfPersons } from '../publication/domain/public-record.js';
import { evolveReview, initialReview, reviewStreamId } from '../review/domain/review.js';
import type { SqlExecutor } from '../shared/database/sql-executor.js';
import { textSubjectOf } from './personal-data.declarations.js';

/** The free texts of one stream, ready to be shredded: the copies cleaned of the record's persons to keep instead. */
export interface TextErasure {
  readonly subjectId: string;
  /** The record whose retention keeps the texts (the stream itself). */
  readonly recordId: string;
  readonly copies: readonly { readonly digest: Buffer; readonly value: unknown }[];
}

/**
 * The free texts that go with the erasure of a person: every text of the records the person appears in may name
 * them, so all of a case's texts (its own and its legal reviews') are shredded with the first of its persons to be
 * erased. What the text said stays, cleaned of every person of the case, as a copy read in place of the sealed one.
 */
@Injectable()
export class FreeTextErasure {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly vault: PersonalDataVault,
  ) {}

  /**
   * What to shred with the records given (case or review streams), computed while the keys still exist. Subjects
   * already erased, or never created (a record without free text), are left out.
   */
  async prepare(executor: SqlExecutor, recordIds: readonly string[]): Promise<TextErasure[]> {
    const prepared: TextErasure[] = [];
    for (const caseStream of new Set(await Promise.all(recordIds.map((recordId) => this.caseOf(recordId))))) {
      if (caseStream === null) continue;
      const { state, reviewStreams } = await this.caseWithReviews(caseStream);
      if (state.status === 'none') continue;
      const subjects: RedactionSubjects = { party: state.party, persons: state.persons };
      for (const streamId of [caseStream, ...reviewStreams]) {
        const subjectId = textSubjectOf(streamId);
        const sealed = await this.vault.sealedValuesOf(executor, subjectId, [streamId]);
        if (sealed.length === 0) continue;
        const copies = sealed.flatMap(({ digest, value }) => (typeof value === 'string' ? [{ digest, value: cleanedOfPersons(value, subjects) }] : []));
        prepared.push({ subjectId, recordId: streamId, copies });
      }
    }
    return prepared;
  }

  /** The case stream a record belongs to: itself, or the case a review stream reviews; null for other records. */
  async caseOf(recordId: string): Promise<string | null> {
    if (recordId.startsWith('case-')) return recordId;
    if (recordId.startsWith('review-')) {
      const { state } = await loadAggregate(this.store, recordId, { evolve: evolveReview, initialState: initialReview });
      return state.status === 'none' ? null : caseStreamId(state.caseId);
    }
    return null;
  }

  /** The case, folded from its stream read now (not a cached state), and the streams of its legal reviews. */
  private async caseWithReviews(caseStream: string): Promise<{ state: CaseState; reviewStreams: string[] }> {
    const events = await this.store.readStream(caseStream);
    const state = events.reduce((folded, event) => evolveCase(folded, event as unknown as CaseEvent), initialCase());
    const reviews = new Set(
      events.filter((event) => event.type === 'LegalReviewSubmitted').map((event) => reviewStreamId((event.data as { reviewId: string }).reviewId)),
    );
    return { state, reviewStreams: [...reviews] };
  }
}
