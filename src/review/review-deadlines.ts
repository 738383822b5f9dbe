import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { DeadlineBasis, DeadlineChange, DeadlineSpec } from '../deadlines/domain/deadline.js';
import { type DeadlineKind, DeadlineKinds } from '../deadlines/domain/deadline-kinds.js';
import { loadAggregate } from '../eventstore/command-handling.js';
import type { StoredEvent } from '../eventstore/event.js';
import { PostgresEventStore } from '../eventstore/event-store.js';
import { type ReviewEvent, reviewStreamId } from './domain/review.js';
import { REVIEW_EXTENSION_WORKING_DAYS, reviewDecider } from './domain/review.decider.js';
import { shanghaiDate } from '../shared/domain/calendar-date.js';

const deadlineIdOf = (reviewId: string, round: number): string => `review-due.${reviewId}.r${round}`;

/** The review time limit: reviewers are reminded and alarmed, the head is told when it has passed. */
@Injectable()
export class ReviewDeadlines implements DeadlineKind, OnModuleInit {
  readonly kind = 'review_due';
  readonly eventTypes: readonly ReviewEvent['type'][] = ['ReviewSubmitted', 'ReviewExtended', 'ReviewOpinionGiven'];

  constructor(
    private readonly kinds: DeadlineKinds,
    private readonly store: PostgresEventStore,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  changesOf(stored: StoredEvent): DeadlineChange[] {
    const event = stored as unknown as StoredEvent & ReviewEvent;
    const spec = (reviewId: string, round: number, dueDate: string, provisional: boolean, basis: DeadlineBasis): DeadlineSpec => ({
      deadlineId: deadlineIdOf(reviewId, round),
      kind: this.kind,
      streamId: reviewStreamId(reviewId),
      agencyId: stored.agencyId,
      dueDate,
      provisional,
      basis,
      subject: `法制审核（第${round}轮）`,
      notify: { reminder: 'reviewer', due: 'reviewer', overdue: 'head' },
    });
    switch (event.type) {
      case 'ReviewSubmitted': {
        const d = event.data;
        const basis = { from: shanghaiDate(d.occurredAt), workingDays: d.timeLimitWorkingDays };
        return [{ change: 'set', spec: spec(d.reviewId, d.round, d.dueDate.date, d.dueDate.provisional, basis) }];
      }
      case 'ReviewExtended': {
        const d = event.data;
        const basis = { from: d.extendedFrom, workingDays: REVIEW_EXTENSION_WORKING_DAYS };
        return [{ change: 'set', spec: spec(d.reviewId, d.round, d.dueDate.date, d.dueDate.provisional, basis), moves: true }];
      }
      case 'ReviewOpinionGiven':
        return [
          {
            change: 'met',
            deadlineId: deadlineIdOf(event.data.reviewId, event.data.round),
            streamId: stored.streamId,
            metAt: event.data.occurredAt,
          },
        ];
      default:
        return [];
    }
  }

  /** Still due while this round waits for an opinion (a moved due date replaced the jobs of the old one). */
  async stillDue(spec: DeadlineSpec): Promise<boolean> {
    const { state } = await loadAggregate(this.store, spec.streamId, reviewDecider);
    return state.status === 'pending' && deadlineIdOf(state.reviewId, state.round) === spec.deadlineId;
  }
}
