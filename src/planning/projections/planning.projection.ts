import { Injectable } from '@nestjs/common';
import type { CaseEvent } from '../../cases/domain/case.js';
import { totalFen } from '../../cases/domain/penalties.js';
import type { StoredEvent } from '../../eventstore/event.js';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import { Projection } from '../../eventstore/projections/projection.js';
import type { PlanEvent } from '../domain/plan.js';

type Handled =
  | PlanEvent
  | Extract<CaseEvent, { type: 'CaseOpened' | 'HazardFound' | 'DecisionMade' | 'DecisionRevoked' | 'CaseClosed' }>;

/**
 * The plans list, and each plan's progress (inspected, hazards found, penalties) folded from the events of the cases
 * its drawn inspections opened: a case names its plan when it opens.
 */
@Projection()
@Injectable()
export class PlanningProjection implements Projection {
  readonly name = 'planning';
  readonly eventTypes: readonly Handled['type'][] = [
    'PlanCreated',
    'PlanDrawn',
    'PlanInspectionOpened',
    'PlanCompleted',
    'CaseOpened',
    'HazardFound',
    'DecisionMade',
    'DecisionRevoked',
    'CaseClosed',
  ];

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    for (const stored of events) {
      const event = stored as unknown as StoredEvent & Handled;
      const caseId = stored.streamId.slice('case-'.length);
      switch (event.type) {
        case 'PlanCreated': {
          const d = event.data;
          await tx.query(
            `INSERT INTO plans (plan_id, agency_id, name, status, period_from, period_to, created_at, version)
             VALUES ($1, $2, $3, 'planned', $4, $5, $6, $7)`,
            [d.planId, d.agencyId, d.name, d.period.from, d.period.to, d.occurredAt, stored.streamVersion],
          );
          break;
        }
        case 'PlanDrawn':
          await tx.query(`UPDATE plans SET status = 'drawn', drawn_at = $2, assignments = $3, version = $4 WHERE plan_id = $1`, [
            event.data.planId,
            event.data.occurredAt,
            event.data.result.assignments.length,
            stored.streamVersion,
          ]);
          break;
        case 'PlanInspectionOpened':
          await tx.query(`UPDATE plans SET version = $2 WHERE plan_id = $1`, [event.data.planId, stored.streamVersion]);
          break;
        case 'PlanCompleted':
          await tx.query(`UPDATE plans SET status = 'completed', completed_at = $2, version = $3 WHERE plan_id = $1`, [
            event.data.planId,
            event.data.occurredAt,
            stored.streamVersion,
          ]);
          break;
        case 'CaseOpened': {
          const { planId, party, agencyId, occurredAt } = event.data;
          if (!planId || party.kind !== 'organization') break;
          await tx.query(
            `INSERT INTO plan_inspections (case_id, plan_id, agency_id, credit_code, opened_at) VALUES ($1, $2, $3, $4, $5)`,
            [caseId, planId, agencyId, party.creditCode, occurredAt],
          );
          break;
        }
        case 'HazardFound':
          await tx.query(
            `UPDATE plan_inspections SET hazards = hazards + 1, major_hazards = major_hazards + $2 WHERE case_id = $1`,
            [caseId, event.data.severity === 'major' ? 1 : 0],
          );
          break;
        case 'DecisionMade':
          await tx.query(`UPDATE plan_inspections SET penalised = $2, fines_fen = $3 WHERE case_id = $1`, [
            caseId,
            event.data.outcome === 'penalty',
            totalFen(event.data.penalties, 'fine'),
          ]);
          break;
        case 'DecisionRevoked':
          await tx.query(`UPDATE plan_inspections SET revoked = true WHERE case_id = $1`, [caseId]);
          break;
        case 'CaseClosed':
          await tx.query(`UPDATE plan_inspections SET closed = true WHERE case_id = $1`, [caseId]);
          break;
        default: {
          const unknown: never = event;
          throw new Error(`planning projection cannot apply ${(unknown as StoredEvent).type}`);
        }
      }
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM plans');
    await tx.query('DELETE FROM plan_inspections');
  }
}
