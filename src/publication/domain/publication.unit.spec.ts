import { describe, expect, it } from '@jest/globals';
import type { DeadlineCalendar } from '../../cases/domain/case.decider.js';
import { type LicensingRecord, licensingRecordWithDoubts } from './public-record.js';
import { type Publication, type PublicationCommand, type PublicationEvent, decidePublication, evolvePublication, initialPublication } from './publication.js';

const calendar: DeadlineCalendar = {
  version: 'test',
  addWorkingDays: () => ({ deadline: '2026-03-11', provisional: false }),
  addCalendarDays: () => ({ deadline: '2026-03-11', provisional: false }),
};
const AGENCY = { name: '重庆市大足区应急管理局', creditCode: '11500111009294712Y' };
const PARTY = { kind: 'organization' as const, name: '重庆某燃气有限公司', creditCode: '91500111MA5U3XQ128', legalRepresentative: '陈某' };
const drafted = licensingRecordWithDoubts(
  {
    occurredAt: '2026-03-02T10:00:00+08:00',
    licensingId: 'l-1',
    agencyId: 'dazu-emb',
    party: PARTY,
    licence: '危险化学品经营许可证，由安全员周建国负责管理',
    outcome: 'granted',
    decisionNumber: '渝大足应急许〔2026〕15号',
    decisionDate: '2026-03-02',
    decidedBy: 'officer-1',
  },
  AGENCY,
);
const now = '2026-03-03T10:00:00+08:00';

const prepare = (doubts = drafted.doubts, withheldReason: string | null = null): PublicationCommand => ({
  type: 'PreparePublication',
  occurredAt: '2026-03-02T10:00:00+08:00',
  calendar,
  publicationId: 'l-1',
  source: 'licensing',
  sourceStreamId: 'licensing-l-1',
  agencyId: 'dazu-emb',
  decisionDate: '2026-03-02',
  record: drafted.value,
  doubts,
  withheldReason,
  workingDays: 7,
});
const given = (events: readonly PublicationEvent[]): Publication => events.reduce(evolvePublication, initialPublication());
const release = (corrections: { field: string; text: string }[] = []): PublicationCommand => ({
  type: 'ReleaseRedaction',
  occurredAt: now,
  now,
  actorId: 'reviewer-1',
  corrections,
  subjects: { party: PARTY, persons: [] },
});

describe('publication, when redaction doubted', () => {
  it('the draft is cleaned and doubted: an unrecorded name given away by a role', () => {
    expect(drafted.value.licence).toContain('周某某');
    expect(drafted.doubts).toEqual([expect.objectContaining({ code: 'UNRECORDED_NAME' })]);
  });

  it('is prepared and held, with its deadline set; a withheld one is not held', () => {
    const events = decidePublication(prepare(), given([]));
    expect(events.map((e) => e.type)).toEqual(['PublicationPrepared', 'PublicationHeldForRedactionReview']);
    expect(given(events)).toMatchObject({ status: 'redaction_review', dueDate: { date: '2026-03-11' }, doubts: drafted.doubts });
    expect(decidePublication(prepare(drafted.doubts, 'minor'), given([])).map((e) => e.type)).toEqual(['PublicationPrepared']);
    expect(decidePublication(prepare([]), given([])).map((e) => e.type)).toEqual(['PublicationPrepared']);
  });

  describe('held', () => {
    const held = given(decidePublication(prepare(), given([])));

    it('is not published', () => {
      expect(() => decidePublication({ type: 'Publish', occurredAt: now, now, actorId: 'officer-1' }, held)).toThrow(
        expect.objectContaining({ code: 'PUBLICATION_IN_REDACTION_REVIEW' }),
      );
    });

    it('is released as drafted, then pending', () => {
      const events = decidePublication(release(), held);
      expect(events).toEqual([
        { type: 'PublicationRedactionReleased', data: { occurredAt: now, sourceStreamId: 'licensing-l-1', releasedBy: 'reviewer-1', corrections: [], record: drafted.value } },
      ]);
      expect(given([...decidePublication(prepare(), given([])), ...events])).toMatchObject({ status: 'pending', doubts: [] });
    });

    it('is released with a corrected text that redaction leaves as it is', () => {
      const [event] = decidePublication(release([{ field: 'licence', text: '危险化学品经营许可证' }]), held);
      expect((event?.data as { record: LicensingRecord }).record).toEqual({ ...drafted.value, licence: '危险化学品经营许可证' });
    });

    it('refuses a corrected text that holds personal data or a doubt, and a field that is no free text', () => {
      const refusal = (field: string, text: string) => {
        try {
          decidePublication(release([{ field, text }]), held);
        } catch (error) {
          return (error as { code: string }).code;
        }
        return 'released';
      };
      expect(refusal('licence', '危险化学品经营许可证，电话13812345678')).toBe('CORRECTION_HOLDS_PERSONAL_DATA');
      expect(refusal('licence', '由安全员周建国负责管理')).toBe('REDACTION_DOUBTS_REMAIN');
      expect(refusal('creditCode', '91500111MA5U3XQ128')).toBe('RECORD_FIELD_NOT_CORRECTABLE');
      expect(refusal('violations.9.description', '无')).toBe('RECORD_FIELD_NOT_CORRECTABLE');
    });

    it('is cancelled when its decision is revoked', () => {
      expect(decidePublication({ type: 'DecisionRevoked', occurredAt: now, calendar, reason: '撤销' }, held).map((e) => e.type)).toEqual(['PublicationCancelled']);
    });
  });

  it('a record not held is not released', () => {
    const pending = given(decidePublication(prepare([]), given([])));
    expect(() => decidePublication(release(), pending)).toThrow(expect.objectContaining({ code: 'PUBLICATION_NOT_IN_REDACTION_REVIEW' }));
  });
});
