import { describe, expect, it } from '@jest/globals';
import {
  HEALTH_REDACTED,
  type NaturalPerson,
  REDACTED,
  maskName,
  normalizeForMatching,
  redactDeep,
  redactText,
} from './redaction.js';

const person: NaturalPerson = { role: 'party', name: '李某', idNumber: '11010519491231002X', phone: '13812345678', address: '重庆市大足区龙岗街道幸福路8号' };
const persons = [person];
const clean = (text: string, who: readonly NaturalPerson[] = persons): string => redactText(text, who).value;

/** An ordinary decision about an organization: nothing in it is personal, nothing may change, and nothing is in doubt. */
const ORDINARY_DECISION =
  '当事人重庆某某机械有限公司（统一社会信用代码91500111MA5U3XQ128），法定代表人陈某。经查，该公司于2026年3月2日未按规定对' +
  '重大危险源进行检测、评估、监控，未如实记录安全生产教育和培训情况，违反了《中华人民共和国安全生产法》第四十一条第一款、第九十七条' +
  '第（四）项的规定。依据《中华人民共和国安全生产法》第一百零二条，决定给予罚款人民币20000元（贰万元整）的行政处罚。共检查3处，' +
  '涉及12名从业人员。现场存在中毒和窒息风险，可能导致人员伤亡，未设置警示标志。依据GB 50016-2014、AQ 3009-2007，责令于' +
  '2026-03-12前整改，罚款2.5万元。决定书文号大足应急罚〔2026〕12号，二〇二六年三月二日。';

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
    ['a mobile number in parentheses', '电话(139)1234-5678', `电话${REDACTED}`],
    ['a mobile number spelled in Chinese numerals', '电话幺三九一二三四五六七八', `电话${REDACTED}`],
    ['a mobile number with zero-width characters', '电话1\u200b3\u200c9\u20601234\ufeff5678', `电话${REDACTED}`],
    ['a landline with its extension', '电话023-43721234转801，', `电话${REDACTED}，`],
    ['an old 15-digit ID number', '证号500225900315123', `证号${REDACTED}`],
    ['an e-mail address', '邮箱li.xm@163.com。', `邮箱${REDACTED}。`],
    ['an e-mail address written with [at] and [dot]', '邮箱 li.xm [at] 163 [dot] com。', `邮箱 ${REDACTED}。`],
    ['a plate number', '货车渝A·D12345', `货车${REDACTED}`],
    ['an address found by its pattern', '仓库位于北山路99号7栋。', `仓库位于${REDACTED}。`],
    ['the building, unit and room of the recorded address', '住3栋2单元501室', `住${REDACTED}`],
  ])('removes %s', (_what, text, expected) => {
    expect(clean(text)).toBe(expected);
  });

  it('leaves amounts, dates, decision numbers and credit codes alone', () => {
    const text = '罚款人民币20000元，2026年3月2日，大足应急罚〔2026〕12号，统一社会信用代码91500111MA5U3XQ128';
    expect(clean(text)).toBe(text);
  });

  it('leaves an ordinary decision exactly as it is, without a doubt', () => {
    expect(redactText(ORDINARY_DECISION, persons)).toEqual({ value: ORDINARY_DECISION, doubts: [] });
  });

  it('masks the same way in every field of a record', () => {
    const record = { party: { name: '李某', note: '电话13812345678' }, violations: [{ description: '经查13812345678为其本人' }] };
    expect(redactDeep(record, persons).value).toEqual({
      party: { name: '李某', note: `电话${REDACTED}` },
      violations: [{ description: `经查${REDACTED}为其本人` }],
    });
  });
});

describe('names', () => {
  it.each([
    ['李小明', '李某某'],
    ['李明', '李某'],
    ['欧阳小明', '欧阳某某'],
    ['欧阳明', '欧阳某'],
    ['李 小\u200b明', '李某某'],
    ['李某', '李某'],
    ['李某某', '李某某'],
    ['买买提·艾力', '买某某'],
  ])('masks %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  const li: NaturalPerson = { role: 'party', name: '李小明' };

  it.each([
    ['written apart', '当事人李 小 明未取得许可', '当事人李某某未取得许可'],
    ['with zero-width characters', '当事人李\u200b小\u2060明', '当事人李某某'],
    ['split by punctuation', '当事人李·小、明', '当事人李某某'],
    ['in traditional characters', '證人陳建華', '證人陈某某'],
    ['by the given name alone', '小明称其不知情', '某某称其不知情'],
  ])('masks a recorded name %s', (_how, text, expected) => {
    expect(redactText(text, [li, { role: 'witness', name: '陈建华' }]).value).toBe(expected);
  });

  it('masks a name the text gives away by role, and doubts it', () => {
    const redacted = redactText('工人王小明未佩戴安全帽，证人刘强称……经核实，刘强所述属实。');
    expect(redacted.value).toBe('工人王某某未佩戴安全帽，证人刘某称……经核实，刘某所述属实。');
    expect(redacted.doubts.map((doubt) => doubt.code)).toEqual(['UNRECORDED_NAME', 'UNRECORDED_NAME']);
  });

  it('gives a doubt its excerpt from the redacted text, 40 characters at most', () => {
    const { doubts } = redactText(`${'经查'.repeat(30)}电焊工陈建国在无证情况下进行动火作业，联系电话13812345678，${'经查'.repeat(30)}`);
    expect(doubts).toHaveLength(1);
    const [doubt] = doubts;
    expect(doubt?.excerpt).toContain('电焊工陈某某在无证');
    expect(doubt?.excerpt).not.toContain('陈建国');
    expect(doubt?.excerpt.length).toBeLessThanOrEqual(40);
  });

  it('does not take safety words after a role for names', () => {
    const text = '工人高处作业未系安全带，负责人安全意识淡薄，工人全部未佩戴防护用品，负责人陈述称不知情。';
    expect(redactText(text)).toEqual({ value: text, doubts: [] });
  });

  it('leaves public names alone: an organization’s legal representative', () => {
    const text = '法定代表人陈建国未组织制定安全生产规章制度';
    expect(redactText(text, [], { publicNames: ['陈建国'] })).toEqual({ value: text, doubts: [] });
    expect(redactText(text).value).toBe('法定代表人陈某某未组织制定安全生产规章制度');
  });

  it('redacts a pinyin name, and doubts it', () => {
    const redacted = redactText('签名：Li Xiaoming');
    expect(redacted.value).toBe(`签名：${REDACTED}`);
    expect(redacted.doubts.map((doubt) => doubt.code)).toEqual(['PINYIN_NAME']);
  });
});

describe('health', () => {
  it('replaces a sentence about a person’s injuries, and leaves the others', () => {
    expect(clean('事故造成一名工人左腿骨折，经送医治疗。当事人未按规定配备灭火器。')).toBe(`${HEALTH_REDACTED}。当事人未按规定配备灭火器。`);
  });

  it('leaves what speaks of preventing harm', () => {
    const text = '未采取防止中毒和窒息的措施，存在人员伤亡风险，未制定生产安全事故应急救援预案，设备故障诊断系统未投入使用。';
    expect(clean(text)).toBe(text);
  });
});

describe('numbers of unknown kind', () => {
  it('redacts a long number it cannot place, and doubts it', () => {
    const redacted = redactText('当事人提供的号码9876543210无法核实');
    expect(redacted.value).toBe(`当事人提供的号码${REDACTED}无法核实`);
    expect(redacted.doubts).toEqual([{ code: 'UNKNOWN_NUMBER', excerpt: `当事人提供的号码${REDACTED}无法核实` }]);
  });

  it('leaves enumerations, amounts, times and standard numbers', () => {
    const text = '违反第3、4、5、6、7、8、9、10条，损失人民币12345678元、1,000,000元，于10:30到达，依据GB/T 2893.5-2020。';
    expect(redactText(text)).toEqual({ value: text, doubts: [] });
  });
});

describe('the normal form for matching', () => {
  it.each([
    ['full-width forms', '１３８Ｘ＠ｑｑ．ｃｏｍ', '138X@qq.com'],
    ['zero-width and format characters', 'a\u200bb\u200cc\u200dd\u200ee\u2060f\ufeffg\u00adh\u2063i', 'abcdefghi'],
    ['Chinese numerals in a run', '幺三八 二〇二六', '138 2026'],
    ['Chinese numerals before an address suffix', '幸福路二十八号三栋', '幸福路28号3栋'],
    ['but not a lone numeral in words', '张三于三月二日，第一百零二条', '张三于三月二日，第一百零二条'],
    ['digits of other scripts', '١٣٨ 𝟏𝟑𝟖 ①③⑧', '138 138 138'],
    ['letters that look like digits between digits', '138O0l23456 Oil', '13800123456 Oil'],
    ['traditional characters of names', '陳建華', '陈建华'],
  ])('reads %s', (_what, text, normal) => {
    expect(normalizeForMatching(text)).toBe(normal.normalize('NFKC'));
  });
});

describe('redactDeep', () => {
  it('leaves the fields `keep` names, and gathers the doubts of all fields', () => {
    const record = { creditCode: '11500111009294712Y', violations: [{ description: '工人王小明无证上岗' }, { description: '号码9876543210' }] };
    const redacted = redactDeep(record, [], { keep: (path) => path[0] === 'creditCode' });
    expect(redacted.value).toEqual({
      creditCode: '11500111009294712Y',
      violations: [{ description: '工人王某某无证上岗' }, { description: `号码${REDACTED}` }],
    });
    expect(redacted.doubts.map((doubt) => doubt.code)).toEqual(['UNRECORDED_NAME', 'UNKNOWN_NUMBER']);
  });

  it('leaves numbers, booleans and nulls as they are', () => {
    expect(redactDeep({ a: 13812345678, b: true, c: null }, persons).value).toEqual({ a: 13812345678, b: true, c: null });
  });
});

describe('speed', () => {
  it('redacts 2,000 characters with 5 persons in a few milliseconds', () => {
    const five: NaturalPerson[] = [
      { role: 'party', name: '李小明', idNumber: '11010519491231002X', phone: '13812345678', address: '重庆市大足区龙岗街道幸福路8号3栋2单元501室' },
      { role: 'witness', name: '欧阳建国', idNumber: '500225198001011234', phone: '023-43721234', address: '重庆市大足区龙水镇五金大道88号' },
      { role: 'injured', name: '王芳', phone: '15900001111', address: '重庆市大足区宝顶镇幸福村3组15号' },
      { role: 'worker', name: '陈建华', idNumber: '500111199012121234' },
      { role: 'other', name: '张伟', phone: '0234372 5678' },
    ];
    const text = ORDINARY_DECISION.repeat(8).slice(0, 2000);
    for (let i = 0; i < 20; i += 1) redactText(text, five);
    const runs = 100;
    const started = performance.now();
    for (let i = 0; i < runs; i += 1) redactText(text, five);
    // Generous for a loaded CI machine; about 1 ms on a developer's.
    expect((performance.now() - started) / runs).toBeLessThan(15);
  });
});
