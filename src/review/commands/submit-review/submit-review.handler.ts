import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandRunner } from '../../../cases/commands/shared/case-command-runner.js';
import { caseStreamId, evolveCase, initialCase } from '../../../cases/domain/case.js';
import { CaseErrors } from '../../../cases/domain/case.errors.js';
import { isHearingEligible, ruleSetOn } from '../../../cases/domain/rule-sets.js';
import { loadAggregate } from '../../../eventstore/command-handling.js';
import { NO_STREAM, type NewEvent } from '../../../eventstore/event.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { canSeeAgency } from '../../../shared/domain/roles.js';
import { shanghaiDate } from '../../../shared/domain/calendar-date.js';
import { APP_CONFIG } from '../../../shared/config/config.module.js';
import type { AppConfig } from '../../../shared/config/config.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { reviewRequiredBy } from '../../domain/catalogue.js';
import { reviewDecider } from '../../domain/review.decider.js';
import { reviewStreamId } from '../../domain/review.js';
import { SubmitReviewCommand } from './submit-review.command.js';

/**
 * Submits the case file as it stands: the case records the submission and the review stream opens a round, in one
 * transaction, pinned to the case version they both saw.
 */
@CommandHandler(SubmitReviewCommand)
export class SubmitReviewHandler implements ICommandHandler<SubmitReviewCommand> {
  constructor(
    private readonly cases: CaseCommandRunner,
    private readonly store: PostgresEventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ context, caseId, submission, expectedVersion }: SubmitReviewCommand) {
    const { state } = await loadAggregate(this.store, caseStreamId(caseId), { evolve: evolveCase, initialState: initialCase });
    if (state.status === 'none' || !canSeeAgency(context.actor, state.agencyId)) throw CaseErrors.notFound(caseId);

    const submittedOn = shanghaiDate(submission.occurredAt);
    const { proposedDecision, flags } = submission;
    const required = reviewRequiredBy(
      {
        procedure: state.filing?.procedure ?? null,
        hearingEligible: isHearingEligible(proposedDecision.penalties, state.party.kind, ruleSetOn(submittedOn)),
        penaltyTypes: proposedDecision.penalties.map((p) => p.type),
        flags: flags.map((f) => f.kind),
      },
      submittedOn,
    );
    const reviewId = state.legalReview?.reviewId ?? randomUUID();
    const round = (state.legalReview?.round ?? 0) + 1;
    const caseContext = this.cases.context(context);

    const { version } = await this.cases.run(
      caseId,
      context,
      {
        type: 'SubmitLegalReview',
        occurredAt: submission.occurredAt,
        reviewId,
        round,
        requiredBy: required.rules,
        proposedOutcome: proposedDecision.outcome,
        proposedPenalties: [...proposedDecision.penalties],
      },
      {
        expectedVersion,
        beforeAppend: {
          transaction: (work) => this.cases.transaction(work),
          run: async (tx, _events, caseState, caseVersion) => {
            if (caseState.status === 'none') throw CaseErrors.notFound(caseId);
            const review = await loadAggregate(this.store, reviewStreamId(reviewId), reviewDecider, tx);
            const events = reviewDecider.decide(
              {
                type: 'SubmitForReview',
                occurredAt: submission.occurredAt,
                now: caseContext.now,
                calendar: caseContext.calendar,
                timeLimitWorkingDays: this.config.reviewTimeLimitWorkingDays,
                reviewId,
                caseId,
                agencyId: caseState.agencyId,
                caseVersion,
                submittedBy: context.actor.id,
                proposedDecision,
                flags,
                requiredBy: required.rules,
                catalogueVersion: required.version,
                subject: { partyName: caseState.party.name, partyKind: caseState.party.kind },
              },
              review.state,
            );
            await this.store.append(
              reviewStreamId(reviewId),
              review.version === 0 ? NO_STREAM : review.version,
              events.map((event): NewEvent => ({ type: event.type, data: event.data })),
              metadataFor(context, caseState.agencyId, submission.occurredAt),
              tx,
            );
          },
        },
      },
    );
    return { reviewId, round, version };
  }
}
