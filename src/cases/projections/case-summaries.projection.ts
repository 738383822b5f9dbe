import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { StoredEvent } from '../../eventstore/event.js';
import type { SqlExecutor } from '../../eventstore/event-store.js';
import type { Projection } from '../../eventstore/projections/projection.js';
import { ProjectionRunner } from '../../eventstore/projections/projection-runner.js';
import type { CaseEvent, CaseEventType, CaseStatus } from '../domain/case.js';

const STATUS_AFTER: Partial<Record<CaseEventType, CaseStatus>> = {
  CaseFiled: 'filed',
  PenaltyNoticeIssued: 'noticed',
  DecisionMade: 'decided',
  DecisionDelivered: 'delivered',
  CaseClosed: 'closed',
};

/** The case list (GET /api/cases): one row per case, for searching by status, party, officer and date. */
@Injectable()
export class CaseSummariesProjection implements Projection, OnModuleInit {
  readonly name = 'case-summaries';
  readonly eventTypes: readonly CaseEventType[] = [
    'CaseOpened',
    'HazardFound',
    'RectificationChecked',
    'CaseFiled',
    'PenaltyNoticeIssued',
    'DecisionMade',
    'DecisionDelivered',
    'CaseClosed',
  ];

  constructor(private readonly runner: ProjectionRunner) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    for (const stored of events) {
      const event = stored as unknown as StoredEvent & CaseEvent;
      const caseId = stored.streamId.slice('case-'.length);
      if (event.type === 'CaseOpened') {
        const { party, agencyId, source, officerIds, occurredAt } = event.data;
        await tx.query(
          `INSERT INTO case_summaries (case_id, agency_id, status, source, party_kind, party_name, party_credit_code,
                                       officer_ids, opened_at, last_step_at, version)
           VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $8, $8, $9)`,
          [caseId, agencyId, source, party.kind, party.name, party.kind === 'organization' ? party.creditCode : null, officerIds, occurredAt, stored.streamVersion],
        );
        continue;
      }
      const hazardsFound = event.type === 'HazardFound' ? 1 : 0;
      const hazardsRectified =
        event.type === 'RectificationChecked' && event.data.result === 'rectified' ? event.data.hazardIds.length : 0;
      await tx.query(
        `UPDATE case_summaries SET
           status = coalesce($2, status),
           hazards = hazards + $3,
           hazards_open = hazards_open + $3 - $4,
           procedure = coalesce($5, procedure),
           decision_number = coalesce($6, decision_number),
           outcome = coalesce($7, outcome),
           last_step_at = greatest(last_step_at, $8),
           version = $9
         WHERE case_id = $1`,
        [
          caseId,
          STATUS_AFTER[event.type] ?? null,
          hazardsFound,
          hazardsRectified,
          event.type === 'CaseFiled' ? event.data.procedure : event.type === 'DecisionMade' ? event.data.procedure : null,
          event.type === 'DecisionMade' ? event.data.decisionNumber : null,
          event.type === 'DecisionMade' ? event.data.outcome : null,
          event.data.occurredAt,
          stored.streamVersion,
        ],
      );
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM case_summaries');
  }
}
