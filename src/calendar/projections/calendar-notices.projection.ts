import { Injectable } from '@nestjs/common';
import type { StoredEvent } from '../../eventstore/event.js';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import { Projection } from '../../eventstore/projections/projection.js';
import type { HolidayNoticeEvent } from '../domain/holiday-notice.js';

/** The latest recorded notice of each year, which every instance's CalendarService loads. */
@Projection()
@Injectable()
export class CalendarNoticesProjection implements Projection {
  readonly name = 'calendar-notices';
  readonly eventTypes: readonly HolidayNoticeEvent['type'][] = ['HolidayNoticeRecorded'];

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    for (const stored of events) {
      const event = stored as unknown as StoredEvent & HolidayNoticeEvent;
      switch (event.type) {
        case 'HolidayNoticeRecorded': {
          const { year, noticeNumber, publishedOn, holidays, workdays } = event.data;
          await tx.query(
            `INSERT INTO calendar_notices (year, notice_number, published_on, holidays, workdays, version, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (year) DO UPDATE SET notice_number = $2, published_on = $3, holidays = $4, workdays = $5,
                                              version = $6, recorded_at = $7`,
            [year, noticeNumber, publishedOn, holidays, workdays, stored.streamVersion, stored.recordedAt],
          );
          break;
        }
        default: {
          const unknown: never = event.type;
          throw new Error(`calendar-notices projection cannot apply ${String(unknown)}`);
        }
      }
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM calendar_notices');
  }
}
