import { Injectable } from '@nestjs/common';
import { totalFen } from '../../cases/domain/penalties.js';
import type { StoredEvent } from '../../eventstore/event.js';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import { Projection } from '../../eventstore/projections/projection.js';
import { FINDING_POINTS, type ReviewEvent } from '../domain/review.js';

/** The legal reviewers' queue (GET /api/reviews), one row per review, and every round for the figures. */
@Projection()
@Injectable()
export class ReviewQueueProjection implements Projection {
  readonly name = 'review-queue';
  readonly eventTypes: readonly ReviewEvent['type'][] = ['ReviewSubmitted', 'ReviewOpinionGiven', 'ReviewExtended'];

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    for (const stored of events) {
      const event = stored as unknown as StoredEvent & ReviewEvent;
      switch (event.type) {
        case 'ReviewSubmitted': {
          const d = event.data;
          const penalties = d.proposedDecision.penalties;
          await tx.query(
            `INSERT INTO review_queue (review_id, case_id, agency_id, status, round, submitted_at, submitted_by, due_date,
                                       extended, party_name, party_kind, outcome, penalty_types, amount_fen, required_by,
                                       reviewer_id, opinion_at, version)
             VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, false, $8, $9, $10, $11, $12, $13, NULL, NULL, $14)
             ON CONFLICT (review_id) DO UPDATE SET status = 'pending', round = $4, submitted_at = $5, submitted_by = $6,
               due_date = $7, extended = false, outcome = $10, penalty_types = $11, amount_fen = $12, required_by = $13,
               reviewer_id = NULL, opinion_at = NULL, version = $14`,
            [
              d.reviewId,
              d.caseId,
              d.agencyId,
              d.round,
              d.occurredAt,
              d.submittedBy,
              d.dueDate.date,
              d.subject.partyName,
              d.subject.partyKind,
              d.proposedDecision.outcome,
              penalties.map((p) => p.type),
              totalFen(penalties, 'fine') + totalFen(penalties, 'confiscation'),
              d.requiredBy,
              stored.streamVersion,
            ],
          );
          await tx.query(
            `INSERT INTO review_rounds (review_id, round, agency_id, submitted_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (review_id, round) DO NOTHING`,
            [d.reviewId, d.round, d.agencyId, d.occurredAt],
          );
          break;
        }
        case 'ReviewOpinionGiven':
          await tx.query(
            `UPDATE review_rounds SET opinion_at = $3, outcome = $4, reviewer_id = $5, problem_points = $6
             WHERE review_id = $1 AND round = $2`,
            [
              event.data.reviewId,
              event.data.round,
              event.data.occurredAt,
              event.data.outcome,
              event.data.reviewerId,
              FINDING_POINTS.filter((point) => !event.data.findings[point].ok),
            ],
          );
          await tx.query(
            `UPDATE review_queue SET status = $2, reviewer_id = $3, opinion_at = $4, version = $5 WHERE review_id = $1`,
            [event.data.reviewId, event.data.outcome, event.data.reviewerId, event.data.occurredAt, stored.streamVersion],
          );
          break;
        case 'ReviewExtended':
          await tx.query(`UPDATE review_queue SET due_date = $2, extended = true, version = $3 WHERE review_id = $1`, [
            event.data.reviewId,
            event.data.dueDate.date,
            stored.streamVersion,
          ]);
          break;
        default: {
          const unknown: never = event;
          throw new Error(`review queue cannot apply ${(unknown as StoredEvent).type}`);
        }
      }
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM review_queue');
    await tx.query('DELETE FROM review_rounds');
  }
}
