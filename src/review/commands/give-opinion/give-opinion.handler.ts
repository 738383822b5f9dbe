import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner } from '../../../cases/commands/shared/case-command-runner.js';
import { caseStreamId, evolveCase, initialCase } from '../../../cases/domain/case.js';
import { caseDecider } from '../../../cases/domain/case.decider.js';
import { handleCommand, loadAggregate } from '../../../eventstore/command-handling.js';
import { type NewEvent } from '../../../eventstore/event.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { canSeeAgency } from '../../../shared/domain/roles.js';
import { type RequestContext } from '../../../shared/http/request-context.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { type Review, reviewStreamId } from '../../domain/review.js';
import { reviewDecider } from '../../domain/review.decider.js';
import { ReviewErrors } from '../../domain/review.errors.js';
import { ExtendReviewCommand, GiveOpinionCommand } from './give-opinion.command.js';

/** A review of another agency is not found, so its existence does not leak. */
function visibleTo(context: RequestContext, reviewId: string) {
  return (review: Review): void => {
    if (review.status === 'none' || !canSeeAgency(context.actor, review.agencyId)) throw ReviewErrors.notFound(reviewId);
  };
}

/**
 * The reviewer's opinion goes to the review stream and, as approved or returned, to the case, in one transaction:
 * the decision gate of the case reads it from there.
 */
@CommandHandler(GiveOpinionCommand)
export class GiveOpinionHandler implements ICommandHandler<GiveOpinionCommand> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly cases: CaseCommandRunner,
  ) {}

  async execute({ context, reviewId, opinion, expectedVersion }: GiveOpinionCommand): Promise<{ version: number }> {
    const review = await loadAggregate(this.store, reviewStreamId(reviewId), reviewDecider);
    visibleTo(context, reviewId)(review.state);
    if (review.state.status === 'none') throw ReviewErrors.notFound(reviewId);
    const caseId = review.state.caseId;
    const loaded = await loadAggregate(this.store, caseStreamId(caseId), { evolve: evolveCase, initialState: initialCase });
    if (loaded.state.status === 'none') throw ReviewErrors.notFound(reviewId);
    const caseContext = this.cases.context(context);

    const { version } = await handleCommand(
      this.store,
      reviewStreamId(reviewId),
      reviewDecider,
      {
        type: 'GiveOpinion',
        ...opinion,
        now: caseContext.now,
        reviewerId: context.actor.id,
        caseOfficerIds: loaded.state.officerIds,
        caseApproverId: loaded.state.filing?.approvedBy ?? null,
      },
      {
        expectedVersion,
        authorize: visibleTo(context, reviewId),
        metadata: (state) => metadataFor(context, state.status === 'none' ? context.actor.agencyId : state.agencyId, opinion.occurredAt),
        beforeAppend: {
          transaction: (work) => this.cases.transaction(work),
          run: async (tx, _events, state) => {
            if (state.status === 'none') throw ReviewErrors.notFound(reviewId);
            const current = await loadAggregate(this.store, caseStreamId(caseId), { evolve: evolveCase, initialState: initialCase }, tx);
            if (current.state.status === 'none') throw ReviewErrors.notFound(reviewId);
            const onCase = current.state.legalReview;
            // Another reviewer's opinion committed first: this round is no longer waiting for one.
            if (onCase?.reviewId !== reviewId || onCase.round !== state.round || onCase.status !== 'pending') {
              throw ReviewErrors.notPending();
            }
            const caseEvents = caseDecider.decide(
              {
                type: 'RecordReviewOpinion',
                context: caseContext,
                occurredAt: opinion.occurredAt,
                reviewId,
                round: state.round,
                reviewerId: context.actor.id,
                outcome: opinion.outcome,
              },
              current.state,
            );
            await this.store.append(
              caseStreamId(caseId),
              current.version,
              caseEvents.map((event): NewEvent => ({ type: event.type, data: event.data })),
              metadataFor(context, current.state.agencyId, opinion.occurredAt),
              tx,
            );
          },
        },
      },
    );
    return { version };
  }
}

@CommandHandler(ExtendReviewCommand)
export class ExtendReviewHandler implements ICommandHandler<ExtendReviewCommand> {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly cases: CaseCommandRunner,
  ) {}

  async execute({ context, reviewId, extension, expectedVersion }: ExtendReviewCommand): Promise<{ version: number }> {
    const caseContext = this.cases.context(context);
    const { version } = await handleCommand(
      this.store,
      reviewStreamId(reviewId),
      reviewDecider,
      { type: 'ExtendReview', ...extension, now: caseContext.now, calendar: caseContext.calendar },
      {
        expectedVersion,
        authorize: visibleTo(context, reviewId),
        metadata: (state) => metadataFor(context, state.status === 'none' ? context.actor.agencyId : state.agencyId, extension.occurredAt),
      },
    );
    return { version };
  }
}
