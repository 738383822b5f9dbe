import { Injectable } from '@nestjs/common';
import type { StoredEvent } from '../../eventstore/event.js';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import { Projection } from '../../eventstore/projections/projection.js';
import type { CaseEvent, CaseEventType, CaseStatus } from '../domain/case.js';

const STATUS_AFTER: Partial<Record<CaseEventType, CaseStatus>> = {
  CaseFiled: 'filed',
  PenaltyNoticeIssued: 'noticed',
  DecisionMade: 'decided',
  DecisionDelivered: 'delivered',
  CaseClosed: 'closed',
};

interface CaseChange {
  readonly caseId: string;
  readonly status: CaseStatus | null;
  readonly hazardsFound: number;
  readonly hazardsRectified: number;
  readonly procedure: string | null;
  readonly decisionNumber: string | null;
  readonly outcome: string | null;
  readonly lastStepAt: string | null;
  readonly version: number;
}

const emptyChange = (caseId: string): CaseChange => ({
  caseId,
  status: null,
  hazardsFound: 0,
  hazardsRectified: 0,
  procedure: null,
  decisionNumber: null,
  outcome: null,
  lastStepAt: null,
  version: 0,
});

/** What one more step changes in a case's row (later steps win; counts add up). */
function foldChange(change: CaseChange, event: CaseEvent, version: number): CaseChange {
  const at = event.data.occurredAt;
  return {
    caseId: change.caseId,
    status: STATUS_AFTER[event.type] ?? change.status,
    hazardsFound: change.hazardsFound + (event.type === 'HazardFound' ? 1 : 0),
    hazardsRectified:
      change.hazardsRectified +
      (event.type === 'RectificationChecked' && event.data.result === 'rectified' ? event.data.hazardIds.length : 0),
    procedure: event.type === 'CaseFiled' || event.type === 'DecisionMade' ? event.data.procedure : change.procedure,
    decisionNumber: event.type === 'DecisionMade' ? event.data.decisionNumber : change.decisionNumber,
    outcome: event.type === 'DecisionMade' ? event.data.outcome : change.outcome,
    lastStepAt: change.lastStepAt === null || Date.parse(at) > Date.parse(change.lastStepAt) ? at : change.lastStepAt,
    version: Math.max(change.version, version),
  };
}

/** The case list (GET /api/cases): one row per case, for searching by status, party, officer and date. */
@Projection()
@Injectable()
export class CaseSummariesProjection implements Projection {
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

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    // One UPDATE per case and batch: a busy case's steps are folded together before they are written.
    const changes = new Map<string, CaseChange>();
    for (const stored of events) {
      const event = stored as unknown as StoredEvent & CaseEvent;
      const caseId = stored.streamId.slice('case-'.length);
      if (event.type === 'CaseOpened') {
        await this.flush(changes.get(caseId), tx);
        changes.delete(caseId);
        const { party, agencyId, source, officerIds, occurredAt } = event.data;
        await tx.query(
          `INSERT INTO case_summaries (case_id, agency_id, status, source, party_kind, party_name, party_credit_code,
                                       officer_ids, opened_at, last_step_at, version)
           VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $8, $8, $9)`,
          [caseId, agencyId, source, party.kind, party.name, party.kind === 'organization' ? party.creditCode : null, officerIds, occurredAt, stored.streamVersion],
        );
        continue;
      }
      const change = changes.get(caseId) ?? emptyChange(caseId);
      changes.set(caseId, foldChange(change, event, stored.streamVersion));
    }
    for (const change of changes.values()) await this.flush(change, tx);
  }

  private async flush(change: CaseChange | undefined, tx: SqlExecutor): Promise<void> {
    if (!change) return;
    await tx.query(
      `UPDATE case_summaries SET
         status = coalesce($2, status),
         hazards = hazards + $3,
         hazards_open = hazards_open + $3 - $4,
         procedure = coalesce($5, procedure),
         decision_number = coalesce($6, decision_number),
         outcome = coalesce($7, outcome),
         last_step_at = greatest(last_step_at, $8),
         version = greatest(version, $9)
       WHERE case_id = $1`,
      [
        change.caseId,
        change.status,
        change.hazardsFound,
        change.hazardsRectified,
        change.procedure,
        change.decisionNumber,
        change.outcome,
        change.lastStepAt,
        change.version,
      ],
    );
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM case_summaries');
  }
}
