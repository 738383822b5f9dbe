import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkingCalendar } from './domain/calendar.js';
import { type RecordedNotice, asYearNotice } from './domain/holiday-notice.js';
import { officialCalendar } from './domain/official-notices.js';

/** A recorded notice and the version of its stream that recorded it. */
export interface NoticeRecord {
  readonly notice: RecordedNotice;
  readonly version: number;
}

export interface CalendarChange {
  readonly calendar: WorkingCalendar;
  readonly previousVersion: string;
  /** The years whose recorded notice is new or changed. */
  readonly years: readonly number[];
}

export type CalendarChangeListener = (change: CalendarChange) => void | Promise<void>;

/** Other instances learn of a notice recorded elsewhere within this time. */
export const CALENDAR_REFRESH_MS = 30_000;

interface NoticeRow {
  year: number;
  notice_number: string;
  published_on: string;
  holidays: string[];
  workdays: string[];
  version: number;
}

/**
 * The calendar every deadline is computed on: the State Council notices seeded from chinese-days, with every notice
 * an administrator recorded in their place. Kept in memory so that `current()` stays synchronous; the recorded
 * notices are read from the `calendar_notices` read model at startup and every CALENDAR_REFRESH_MS, and taken in
 * at once when this instance records one.
 */
@Injectable()
export class CalendarService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CalendarService.name);
  private recorded: ReadonlyMap<number, NoticeRecord> = new Map();
  private readonly listeners = new Set<CalendarChangeListener>();
  private calendar: WorkingCalendar = officialCalendar();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: DataSource) {}

  /** Fails the startup when the recorded notices cannot be read: deadlines on the seeded data alone may be wrong. */
  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'calendar refresh failed'));
    }, CALENDAR_REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  current(): WorkingCalendar {
    return this.calendar;
  }

  /** The notice an administrator recorded for the year, as this instance knows it. */
  recordedNotice(year: number): NoticeRecord | undefined {
    return this.recorded.get(year);
  }

  /** Reads the recorded notices from the read model and takes in those newer than what this instance holds. */
  async refresh(): Promise<void> {
    const rows = await this.db.query<NoticeRow[]>(
      `SELECT year, notice_number, published_on::text AS published_on, holidays::text[] AS holidays,
              workdays::text[] AS workdays, version
       FROM calendar_notices`,
    );
    this.adopt(
      rows.map((row) => ({
        notice: {
          year: row.year,
          noticeNumber: row.notice_number,
          publishedOn: row.published_on,
          holidays: row.holidays,
          workdays: row.workdays,
        },
        version: row.version,
      })),
    );
  }

  /**
   * Takes in recorded notices, e.g. the one this instance just appended, before the read model has it. The higher
   * stream version wins, so a read model that lags behind (or is being rebuilt) never takes a notice back.
   */
  adopt(records: readonly NoticeRecord[]): void {
    const newer = records.filter((record) => record.version > (this.recorded.get(record.notice.year)?.version ?? 0));
    if (newer.length === 0) return;
    const recorded = new Map(this.recorded);
    for (const record of newer) recorded.set(record.notice.year, record);

    // Built before anything is replaced: a notice the calendar refused leaves this instance as it was.
    const official = officialCalendar().notices.filter((notice) => !recorded.has(notice.year));
    const calendar = new WorkingCalendar([...official, ...[...recorded.values()].map(({ notice }) => asYearNotice(notice))]);
    const previousVersion = this.calendar.version;
    this.recorded = recorded;
    this.calendar = calendar;
    this.notify({ calendar, previousVersion, years: newer.map((record) => record.notice.year) });
  }

  /**
   * Calls the listener after every change of this instance's calendar (each instance learns of a recorded notice
   * on its own, so each calls its listeners). Returns the function that removes it.
   */
  onCalendarChanged(listener: CalendarChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(change: CalendarChange): void {
    for (const listener of this.listeners) {
      const failed = (error: unknown): void => this.logger.error({ err: error, years: change.years }, 'calendar listener failed');
      try {
        Promise.resolve(listener(change)).catch(failed);
      } catch (error) {
        failed(error);
      }
    }
  }
}
