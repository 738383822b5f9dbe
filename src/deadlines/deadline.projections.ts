import { Injectable } from '@nestjs/common';
import type { StoredEvent } from '../eventstore/event.js';
import type { SqlExecutor } from '../shared/database/sql-executor.js';
import { Projection } from '../eventstore/projections/projection.js';
import { ALERT_EVENT_TYPES, type AlertData, type DeadlineChange } from './domain/deadline.js';
import { DeadlineKinds } from './domain/deadline-kinds.js';
import { DeadlineQueue } from './deadline-queue.js';

/** The schedule as PostgreSQL knows it: every deadline, pending or met. The reconciler rebuilds Redis from it. */
@Projection()
@Injectable()
export class DeadlinesProjection implements Projection {
  readonly name = 'deadlines';

  constructor(private readonly kinds: DeadlineKinds) {}

  get eventTypes(): readonly string[] {
    return this.kinds.eventTypes();
  }

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    for (const change of events.flatMap((event) => this.kinds.changesOf(event))) {
      if (change.change === 'set') {
        const s = change.spec;
        await tx.query(
          `INSERT INTO deadlines (deadline_id, kind, stream_id, agency_id, due_date, provisional, subject, notify, basis, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending')
           ON CONFLICT (deadline_id) DO UPDATE SET due_date = $5, provisional = $6, subject = $7, notify = $8, basis = $9,
             status = 'pending', met_at = NULL`,
          [s.deadlineId, s.kind, s.streamId, s.agencyId, s.dueDate, s.provisional, s.subject, JSON.stringify(s.notify), JSON.stringify(s.basis)],
        );
      } else {
        await tx.query(`UPDATE deadlines SET status = 'met', met_at = $2 WHERE deadline_id = $1`, [change.deadlineId, change.metAt]);
      }
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM deadlines');
  }
}

/**
 * The reactor that turns deadline-bearing events into delayed jobs, the event store acting as its outbox: its
 * checkpoint moves only after BullMQ took the jobs, so a crash in between schedules them on the next run.
 */
@Projection()
@Injectable()
export class DeadlineSchedulerReactor implements Projection {
  readonly name = 'deadline-scheduler';

  constructor(
    private readonly kinds: DeadlineKinds,
    private readonly queue: DeadlineQueue,
  ) {}

  get eventTypes(): readonly string[] {
    return this.kinds.eventTypes();
  }

  async apply(events: readonly StoredEvent[]): Promise<void> {
    // The last change of each deadline in the batch is the one that counts.
    const latest = new Map<string, DeadlineChange>();
    for (const change of events.flatMap((event) => this.kinds.changesOf(event))) {
      latest.set(change.change === 'set' ? change.spec.deadlineId : change.deadlineId, change);
    }
    const changes = [...latest.values()];
    await Promise.all(changes.filter((c) => c.change === 'met').map((c) => this.queue.unschedule(c.deadlineId)));
    const sets = changes.flatMap((c) => (c.change === 'set' ? [c] : []));
    // A first setting only adds (a replay then finds its jobs there, fired or not, and adds nothing); a move
    // replaces the jobs of the old due date.
    await this.queue.schedule(sets.filter((c) => c.moves).map((c) => c.spec));
    await this.queue.ensureScheduled(sets.filter((c) => !c.moves).map((c) => c.spec));
  }

  async reset(): Promise<void> {
    // Nothing to empty: a replay re-adds jobs under the same ids, which BullMQ ignores.
  }
}

/** Alerts as people see them (GET /api/alerts), and their acknowledgements. */
@Projection()
@Injectable()
export class AlertsProjection implements Projection {
  readonly name = 'alerts';
  readonly eventTypes: readonly string[] = [...ALERT_EVENT_TYPES, 'AlertAcknowledged'];

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    for (const event of events) {
      if (event.type === 'AlertAcknowledged') {
        const { alertId, acknowledgedBy } = event.data as { alertId: string; acknowledgedBy: string };
        await tx.query(`UPDATE alerts SET acked_at = coalesce(acked_at, $2), acked_by = coalesce(acked_by, $3) WHERE alert_id = $1`, [
          alertId,
          event.metadata.occurredAt,
          acknowledgedBy,
        ]);
        continue;
      }
      const alert = event.data as AlertData;
      await tx.query(
        `INSERT INTO alerts (alert_id, agency_id, stream_id, deadline_id, kind, stage, due_date, notify_role, subject, raised_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [event.eventId, event.agencyId, event.streamId, alert.deadlineId, alert.kind, alert.stage, alert.dueDate, alert.notifyRole, alert.subject, event.metadata.occurredAt],
      );
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM alerts');
  }
}
