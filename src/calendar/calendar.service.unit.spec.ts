import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { type CalendarChange, type CalendarChangeListener, CalendarService } from './calendar.service.js';
import type { RecordedNotice } from './domain/holiday-notice.js';
import { officialCalendar } from './domain/official-notices.js';

const notice2027: RecordedNotice = {
  year: 2027,
  noticeNumber: '国办发明电〔2026〕12号',
  publishedOn: '2026-11-10',
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  workdays: [],
};

/** The read model's rows, as the service's query returns them. */
function serviceOver(rows: () => object[]): CalendarService {
  const db = { query: async () => rows() } as unknown as DataSource;
  return new CalendarService(db);
}

const row = (notice: RecordedNotice, version: number) => ({
  year: notice.year,
  notice_number: notice.noticeNumber,
  published_on: notice.publishedOn,
  holidays: notice.holidays,
  workdays: notice.workdays,
  version,
});

describe('CalendarService', () => {
  it('is the official calendar until a notice is recorded', async () => {
    const service = serviceOver(() => []);
    await service.refresh();
    expect(service.current()).toBe(officialCalendar());
  });

  it('applies the recorded notices from the read model, replacing a seeded year', async () => {
    const correction2025: RecordedNotice = {
      ...notice2027,
      year: 2025,
      publishedOn: '2024-11-12',
      holidays: ['2025-01-01'],
      workdays: [],
    };
    const service = serviceOver(() => [row(notice2027, 1), row(correction2025, 3)]);
    await service.refresh();
    const calendar = service.current();
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.isDefinitive('2027-01-04')).toBe(true);
    expect(calendar.notice(2025)?.holidays).toEqual(['2025-01-01']);
    expect(calendar.isWorkingDay('2025-10-08')).toBe(true);
    expect(service.recordedNotice(2025)?.version).toBe(3);
  });

  it('keeps a notice it adopted when the read model has not caught up, and tells its listeners once', async () => {
    const service = serviceOver(() => [row(notice2027, 1)]);
    const changes: CalendarChange[] = [];
    service.onCalendarChanged((change) => void changes.push(change));
    const corrected = { ...notice2027, holidays: ['2027-01-01'] };
    service.adopt([{ notice: corrected, version: 2 }]);
    await service.refresh();
    expect(service.current().notice(2027)?.holidays).toEqual(['2027-01-01']);
    expect(changes).toEqual([
      { calendar: service.current(), previousVersion: officialCalendar().version, years: [2027] },
    ]);
  });

  it('survives a listener that fails, and stops calling one that was removed', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const service = serviceOver(() => []);
    const failing = jest.fn<CalendarChangeListener>(() => {
      throw new Error('listener broke');
    });
    const removed = jest.fn<CalendarChangeListener>();
    const after = jest.fn<CalendarChangeListener>();
    service.onCalendarChanged(failing);
    service.onCalendarChanged(removed)();
    service.onCalendarChanged(after);
    service.adopt([{ notice: notice2027, version: 1 }]);
    expect(failing).toHaveBeenCalledTimes(1);
    expect(removed).not.toHaveBeenCalled();
    expect(after).toHaveBeenCalledTimes(1);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ years: [2027] }), 'calendar listener failed');
    logged.mockRestore();
  });
});
