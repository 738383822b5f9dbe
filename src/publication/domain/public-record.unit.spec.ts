import { describe, expect, it } from '@jest/globals';
import { licensingRecord } from './public-record.js';
import { REDACTED } from './redaction.js';

const AGENCY = { name: '重庆市大足区应急管理局', creditCode: '11500111009294712Y' };
const decision = {
  occurredAt: '2026-03-02T10:00:00+08:00',
  licensingId: 'licensing-1',
  agencyId: 'dazu-emb',
  licence: '烟花爆竹经营（零售）许可证，联系电话13812345678',
  outcome: 'granted' as const,
  decisionNumber: '渝大足应急许〔2026〕15号',
  decisionDate: '2026-03-02',
  decidedBy: 'officer-1',
};

describe('the public record of a licensing decision', () => {
  it('keeps the credit codes, all digits but the last included, while it removes a person’s data everywhere else', () => {
    const record = licensingRecord(
      { ...decision, party: { kind: 'person', name: '李某', idNumber: '11010519491231002X', phone: '13812345678', address: '重庆市大足区龙岗街道幸福路8号' } },
      AGENCY,
    );
    expect(record).toMatchObject({ agencyCreditCode: '11500111009294712Y', creditCode: null, licence: `烟花爆竹经营（零售）许可证，联系电话${REDACTED}` });
  });

  it('keeps an organization’s credit code', () => {
    const record = licensingRecord(
      { ...decision, party: { kind: 'organization', name: '重庆某燃气有限公司', creditCode: '91500111MA5U3XQ128', legalRepresentative: '陈某' } },
      AGENCY,
    );
    expect(record).toMatchObject({ creditCode: '91500111MA5U3XQ128', agencyCreditCode: '11500111009294712Y' });
  });
});
