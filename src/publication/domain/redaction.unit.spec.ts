import { describe, expect, it } from '@jest/globals';
import { REDACTED, redactDeep, redactText } from './redaction.js';

const person = { values: ['11010519491231002X', '13812345678', '重庆市大足区龙岗街道幸福路8号'] };

describe('redaction of personal data', () => {
  it.each([
    ['an ID number', '当事人身份证号11010519491231002X，', `当事人身份证号${REDACTED}，`],
    ['an ID number split by spaces', '证件号 110105 1949 1231 002X 已核实', `证件号 ${REDACTED} 已核实`],
    ['an ID number in full-width digits', '证件号１１０１０５１９４９１２３１００２Ｘ', `证件号${REDACTED}`],
    ['a mobile number with dashes', '联系电话138-1234-5678。', `联系电话${REDACTED}。`],
    ['a mobile number with +86', '电话 +86 138 1234 5678', `电话 ${REDACTED}`],
    ['another mobile number', '其亲属电话15900001111', `其亲属电话${REDACTED}`],
    ['a landline', '座机023-43721234', `座机${REDACTED}`],
    ['a bank card number', '账户6222 0212 3456 7890 123', `账户${REDACTED}`],
    ['the address', '住所地重庆市大足区龙岗街道幸福路8号内', `住所地${REDACTED}内`],
  ])('removes %s', (_what, text, expected) => {
    expect(redactText(text, person)).toBe(expected);
  });

  it('leaves amounts, dates, decision numbers and credit codes alone', () => {
    const text = '罚款人民币20000元，2026年3月2日，大足应急罚〔2026〕12号，统一社会信用代码91500111MA5U3XQ128';
    expect(redactText(text, person)).toBe(text);
  });

  it('masks the same way in every field of a record', () => {
    const record = { party: { name: '李某', note: '电话13812345678' }, violations: [{ description: '经查13812345678为其本人' }] };
    expect(redactDeep(record, person)).toEqual({
      party: { name: '李某', note: `电话${REDACTED}` },
      violations: [{ description: `经查${REDACTED}为其本人` }],
    });
  });
});
