import { Injectable } from '@nestjs/common';
import { CalendarService } from '../calendar/calendar.service.js';
import type { HolidayNoticeEvent } from '../calendar/domain/holiday-notice.js';
import { ANY, type StoredEvent } from '../eventstore/event.js';
import { DuplicateEventError } from '../eventstore/errors.js';
import { PostgresEventStore } from '../eventstore/event-store.js';
import type { SqlExecutor } from '../shared/database/sql-executor.js';
import { Projection } from '../eventstore/projections/projection.js';
import type { Role } from '../shared/domain/roles.js';
import { DEADLINE_RECOMPUTED, type DeadlineBasis, type DeadlineSpec, type Stage, dueDateOf, uuidFrom } from './domain/deadline.js';

interface ProvisionalRow {
  deadline_id: string;
  kind: string;
  stream_id: string;
  agency_id: string;
  due_date: string;
  subject: string;
  notify: Record<Stage, Role>;
  basis: DeadlineBasis;
}

/**
 * When a year's holiday notice is recorded, every provisional deadline is counted again on the new calendar; where
 * the date moves or becomes definitive, `DeadlineRecomputed` on the owning stream reschedules its jobs.
 */
@Projection()
@Injectable()
export class DeadlineRecomputer implements Projection {
  readonly name = 'deadline-recomputer';
  readonly eventTypes: readonly HolidayNoticeEvent['type'][] = ['HolidayNoticeRecorded'];

  constructor(
    private readonly calendar: CalendarService,
    private readonly store: PostgresEventStore,
  ) {}

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    if (events.length === 0) return;
    // This instance may not have refreshed its calendar yet: take the notices in first.
    this.calendar.adopt(
      events.map((event) => ({ notice: (event as unknown as HolidayNoticeEvent).data, version: event.streamVersion })),
    );
    const calendar = this.calendar.current();
    const rows = await tx.query<ProvisionalRow[]>(
      `SELECT deadline_id, kind, stream_id, agency_id, due_date::text, subject, notify, basis
       FROM deadlines WHERE status = 'pending' AND provisional AND basis IS NOT NULL`,
    );
    for (const row of rows) {
      const recounted = dueDateOf(row.basis, calendar);
      if (recounted.deadline === row.due_date && recounted.provisional) continue;
      const spec: DeadlineSpec = {
        deadlineId: row.deadline_id,
        kind: row.kind,
        streamId: row.stream_id,
        agencyId: row.agency_id,
        dueDate: recounted.deadline,
        provisional: recounted.provisional,
        basis: row.basis,
        subject: row.subject,
        notify: row.notify,
      };
      const eventId = uuidFrom(`${row.deadline_id}|${calendar.version}`);
      try {
        await this.store.append(row.stream_id, ANY, [{ type: DEADLINE_RECOMPUTED, data: { spec, calendarVersion: calendar.version }, eventId }], {
          actorId: 'system:calendar',
          actorRoles: [],
          agencyId: row.agency_id,
          correlationId: row.deadline_id,
          causationId: events.at(-1)?.eventId ?? null,
          requestId: null,
        });
      } catch (error) {
        // Counted again on this calendar already (a replay of the same notice).
        if (!(error instanceof DuplicateEventError)) throw error;
      }
    }
  }

  async reset(): Promise<void> {
    // Recomputations are events on the owning streams; a replay finds them there and appends nothing twice.
  }
}
