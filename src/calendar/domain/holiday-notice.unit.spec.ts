import { describe, it } from '@jest/globals';
import { deciderSpec } from '../../eventstore/testing/decider-spec.js';
import { type HolidayNoticeEvent, type RecordHolidayNotice, holidayNoticeDecider } from './holiday-notice.js';

const spec = deciderSpec(holidayNoticeDecider);

/** Hypothetical: 2027-01-01 is a Friday, 2027-02-06 a Saturday. */
const notice2027 = {
  year: 2027,
  noticeNumber: '国办发明电〔2026〕12号',
  publishedOn: '2026-11-10',
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-06', '2027-02-07', '2027-02-08'],
  workdays: ['2027-02-20'],
};
const record = (changes: Partial<RecordHolidayNotice> = {}): RecordHolidayNotice => ({
  type: 'RecordHolidayNotice',
  ...notice2027,
  ...changes,
});
const recorded: HolidayNoticeEvent = { type: 'HolidayNoticeRecorded', data: notice2027 };

describe('a year without a recorded notice', () => {
  it('records the notice, its days sorted and without duplicates', () => {
    spec
      .given([])
      .when(record({ holidays: ['2027-02-08', '2027-01-01', '2027-02-06', '2027-01-02', '2027-01-03', '2027-02-07', '2027-01-01'] }))
      .then([recorded]);
  });

  it.each([
    ['a make-up working day on a weekday', { workdays: ['2027-02-22'] }],
    ['a day both a holiday and a working day', { workdays: ['2027-02-06'] }],
    ['a day after the year', { holidays: ['2028-01-01'] }],
    ['a day before the previous year’s last week', { holidays: ['2026-12-24'] }],
    ['no holidays at all', { holidays: [] }],
    ['a blank notice number', { noticeNumber: ' ' }],
    ['a publication date that does not exist', { publishedOn: '2026-02-30' }],
    ['a year the calendar does not record', { year: 2101, holidays: ['2101-01-01'], workdays: [] }],
  ])('refuses %s', (_, changes) => {
    spec.given([]).when(record(changes)).thenThrows('INVALID_HOLIDAY_NOTICE');
  });

  it('accepts a day of the previous year’s last week (元旦 from 12-31)', () => {
    const holidays = ['2026-12-31', '2027-01-01'];
    spec
      .given([])
      .when(record({ holidays }))
      .then([{ type: 'HolidayNoticeRecorded', data: { ...notice2027, holidays } }]);
  });
});

describe('a year with a recorded notice', () => {
  it('records nothing when the same notice is recorded again, in any order', () => {
    spec
      .given([recorded])
      .when(record({ holidays: [...notice2027.holidays].reverse() }))
      .then([]);
  });

  it.each([
    ['days', { workdays: ['2027-02-20', '2027-02-21'] }],
    ['notice number', { noticeNumber: '国办发明电〔2026〕13号' }],
    ['publication date', { publishedOn: '2026-11-11' }],
  ])('records a notice with other %s again: the latest wins', (_, changes) => {
    spec
      .given([recorded])
      .when(record(changes))
      .then([{ type: 'HolidayNoticeRecorded', data: { ...notice2027, ...changes } }]);
  });
});
