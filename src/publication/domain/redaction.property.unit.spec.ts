import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type NaturalPerson, normalizeForMatching, redactText } from './redaction.js';

// ---- People and their values ------------------------------------------------------------------------------------

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴莫孔向汤'];
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '司徒'];
/** Characters of given names (none of them a numeral, 某, or a word that ends a name). */
const GIVEN = [...'小明伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞平刚桂英华建国志文玉兰德红梅春海波鹏宇浩辉俊峰晨雪琳婷欣怡子轩嘉豪思雨佳琪宏斌'];

const surname = fc.oneof(fc.constantFrom(...SURNAMES), fc.constantFrom(...COMPOUND_SURNAMES));
const name = fc.tuple(surname, fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 2 })).map(([family, given]) => family + given.join(''));

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (length: number): fc.Arbitrary<string> => fc.array(digit, { minLength: length, maxLength: length }).map((list) => list.join(''));
const pad = (value: number, length: number): string => String(value).padStart(length, '0');

const REGIONS = ['500225', '500111', '110105', '510102', '440305', '320106', '500101', '530102'];
const birthDate = fc.record({ year: fc.integer({ min: 1940, max: 2007 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) });
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** An 18-digit ID number with its check digit (an X one time in eleven). */
const idNumber = fc.tuple(fc.constantFrom(...REGIONS), birthDate, digits(3)).map(([region, { year, month, day }, sequence]) => {
  const first17 = `${region}${year}${pad(month, 2)}${pad(day, 2)}${sequence}`;
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(first17.charAt(i)), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
});
const oldIdNumber = fc.tuple(fc.constantFrom(...REGIONS), birthDate, digits(3)).map(([region, { year, month, day }, sequence]) => `${region}${pad(year % 100, 2)}${pad(month, 2)}${pad(day, 2)}${sequence}`);
const mobile = fc.tuple(fc.constantFrom('13', '15', '17', '18', '19', '14', '16'), digits(9)).map(([prefix, rest]) => prefix + rest);
const landline = fc.tuple(fc.constantFrom('023', '010', '0755', '0831', '028', '021'), fc.integer({ min: 2, max: 8 }), fc.oneof(digits(6), digits(7))).map(([area, first, rest]) => `${area}${first}${rest}`);
const bankCard = fc.tuple(fc.constantFrom('62', '43', '51', '60'), fc.integer({ min: 14, max: 17 }).chain(digits)).map(([prefix, rest]) => prefix + rest);
const ROADS = [...'幸福和平人民建设解放胜利团结新华光明长江黄河龙岗海棠昌州北山棠香'];
const road = fc.tuple(fc.array(fc.constantFrom(...ROADS), { minLength: 2, maxLength: 3 }), fc.constantFrom('路', '街', '大道', '巷')).map(([chars, suffix]) => chars.join('') + suffix);
const address = fc
  .record({
    district: fc.constantFrom('重庆市大足区龙岗街道', '重庆市大足区龙水镇', '重庆市永川区', '四川省成都市锦江区', ''),
    road,
    house: fc.integer({ min: 1, max: 999 }),
    building: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    unit: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    room: fc.option(fc.integer({ min: 101, max: 2999 }), { nil: undefined }),
  })
  .map(({ district, road: roadName, house, building, unit, room }) => {
    const street = `${roadName}${house}号`;
    const finer = `${building ? `${building}栋` : ''}${unit ? `${unit}单元` : ''}${room ? `${room}室` : ''}`;
    return { full: `${district}${street}${finer}`, street };
  });
const email = fc
  .tuple(fc.stringMatching(/^[a-z]{2,8}$/), fc.option(digits(4), { nil: '' }), fc.constantFrom('163.com', 'qq.com', 'sina.cn', 'foxmail.com', '126.com', 'mail.cqdz.gov.cn'))
  .map(([local, number, domain]) => `${local}${number}@${domain}`);
const PROVINCES = [...'京津沪渝冀豫云辽黑湘皖鲁苏浙赣鄂桂甘晋陕吉闽贵粤青川宁琼'];
const PLATE_LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];
const plate = fc
  .tuple(fc.constantFrom(...PROVINCES), fc.constantFrom(...PLATE_LETTERS), fc.array(fc.oneof(digit, fc.constantFrom(...PLATE_LETTERS)), { minLength: 3, maxLength: 3 }), digits(2))
  .map(([province, city, mixed, tail]) => `${province}${city}${mixed.join('')}${tail}`);

// ---- Disguises ----------------------------------------------------------------------------------------------------

const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u2061', '\u2063', '\u200e', '\u202c'];
const SEPARATORS = [' ', '-', '.', '/', '_', '、', '，', ' - ', '·', '\n', '　', '—', '．', ')(', '｜'];
const CHINESE_DIGITS = ['〇一二三四五六七八九', '零壹贰叁肆伍陆柒捌玖', '〇幺两三四五六七八九'];

const fullWidth = (text: string): string => text.replace(/[0-9A-Za-z@.-]/g, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0));

/** Zero-width characters between some of the characters. */
const withZeroWidth = (text: string): fc.Arbitrary<string> =>
  fc.array(fc.option(fc.constantFrom(...ZERO_WIDTH), { nil: '' }), { minLength: text.length, maxLength: text.length }).map((inserted) =>
    [...text].map((character, i) => character + (inserted[i] ?? '')).join(''),
  );

/** The digits cut into groups of one to five, with one kind of separator or with several. */
const cutApart = (text: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: text.length, maxLength: text.length }), fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 3 }))
    .map(([sizes, separators]) => {
      const groups: string[] = [];
      for (let i = 0, k = 0; i < text.length; k += 1) {
        const size = sizes[k] ?? 1;
        groups.push(text.slice(i, i + size));
        i += size;
      }
      return groups.map((group, i) => (i === 0 ? group : (separators[i % separators.length] ?? ' ') + group)).join('');
    });

const asChineseNumerals = (text: string): fc.Arbitrary<string> =>
  fc.constantFrom(...CHINESE_DIGITS).map((numerals) => text.replace(/\d/g, (d) => numerals.charAt(Number(d))));

/** A number in any of the disguises, also several of them at once. */
const disguisedNumber = (value: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(value),
    cutApart(value),
    withZeroWidth(value),
    fc.constant(fullWidth(value)),
    asChineseNumerals(value),
    cutApart(value).map(fullWidth),
    asChineseNumerals(value).chain(cutApart),
    cutApart(value).chain(withZeroWidth),
    withZeroWidth(fullWidth(value)),
  );

/** A mobile number, also with +86 or with its first three digits in parentheses. */
const disguisedMobile = (value: string): fc.Arbitrary<string> =>
  fc.oneof(
    disguisedNumber(value),
    disguisedNumber(value).map((number) => `+86 ${number}`),
    fc.constant(`(${value.slice(0, 3)})${value.slice(3, 7)}-${value.slice(7)}`),
    fc.constant(`（${value.slice(0, 3)}）${value.slice(3, 7)} ${value.slice(7)}`),
  );

const disguisedName = (value: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(value),
    withZeroWidth(value),
    fc.constantFrom(' ', '·', '、', '　', ' . ', '【】').map((separator) => [...value].join(separator)),
  );

/** Numbers of an address in Chinese numerals, or its characters apart. */
const disguisedAddress = (value: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(value),
    withZeroWidth(value),
    fc.constant(fullWidth(value)),
    fc.constant(value.replace(/\d+/g, (number) => [...number].map((d) => '〇一二三四五六七八九'.charAt(Number(d))).join(''))),
    fc.constant([...value].join(' ')),
  );

// ---- Checks -------------------------------------------------------------------------------------------------------

const squashed = (text: string): string => normalizeForMatching(text).toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const digitsOf = (text: string): string => text.toUpperCase().replace(/[^0-9X]/g, '');

/** Numbers by their digits between two Chinese characters; names, addresses, e-mails and plates squashed. */
function survivors(redacted: string, numbers: readonly string[], words: readonly string[]): string[] {
  const runs = normalizeForMatching(redacted).split(/\p{sc=Han}+/u).map(digitsOf);
  return [
    ...numbers.filter((number) => runs.some((run) => run.includes(digitsOf(number)))),
    ...words.filter((word) => squashed(redacted).includes(squashed(word))),
  ];
}

const RUNS = { recorded: 400, patterns: 400, addresses: 150, names: 100, negatives: 150 };

describe('redaction, for any person and any disguise', () => {
  it('removes every value of a recorded person, wherever it is written and however', () => {
    const scenario = fc
      .record({ who: name, id: idNumber, phone: fc.oneof(mobile, landline), home: address })
      .chain(({ who, id, phone, home }) =>
        fc.record({
          person: fc.constant<NaturalPerson>({ role: 'party', name: who, idNumber: id, phone, address: home.full }),
          street: fc.constant(home.street),
          shownName: disguisedName(who),
          shownId: disguisedNumber(id),
          shownPhone: phone.startsWith('1') ? disguisedMobile(phone) : disguisedNumber(phone),
          shownAddress: disguisedAddress(home.full),
          shownStreet: disguisedAddress(home.street),
          template: fc.integer({ min: 0, max: 2 }),
        }),
      );
    fc.assert(
      fc.property(scenario, ({ person, street, shownName, shownId, shownPhone, shownAddress, shownStreet, template }) => {
        const text = [
          `当事人${shownName}，身份证号${shownId}，联系电话${shownPhone}，住${shownAddress}。经查，该当事人于2026年3月2日违规储存烟花爆竹，罚款人民币5000元。`,
          `经查，${shownName}（公民身份号码：${shownId}）在${shownStreet}经营的店内无证经营，其手机${shownPhone}。依据第一百零二条处罚。`,
          `询问笔录：被询问人${shownName}，电话 ${shownPhone} ，证件号 ${shownId} ，现住 ${shownAddress} 。`,
        ][template] ?? '';
        const redacted = redactText(text, [person]).value;
        expect(survivors(redacted, [person.idNumber ?? '', person.phone ?? ''], [person.name, street])).toEqual([]);
      }),
      { numRuns: RUNS.recorded },
    );
  });

  it('removes ID numbers, phones, e-mails, bank cards and plates of anyone, recorded or not', () => {
    const scenario = fc.record({ id: idNumber, oldId: oldIdNumber, phone: mobile, line: landline, card: bankCard, mail: email, plate }).chain((values) =>
      fc.record({
        values: fc.constant(values),
        id: disguisedNumber(values.id),
        oldId: disguisedNumber(values.oldId),
        phone: disguisedMobile(values.phone),
        line: disguisedNumber(values.line),
        card: disguisedNumber(values.card),
        mail: fc.oneof(fc.constant(values.mail), fc.constant(fullWidth(values.mail)), withZeroWidth(values.mail), fc.constant(values.mail.replace('@', ' [at] ').replace(/\.(?=[a-z]+$)/, ' [dot] '))),
        plate: fc.oneof(fc.constant(values.plate), fc.constant(`${values.plate.slice(0, 2)}·${values.plate.slice(2)}`), fc.constant(fullWidth(values.plate)), withZeroWidth(values.plate)),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ values, id, oldId, phone, line, card, mail, plate: shownPlate }) => {
        const text =
          `证人身份证号${id}，其旧身份证号${oldId}，手机${phone}，座机${line}。罚款退还至账户${card}。` +
          `电子邮箱${mail}。驾驶车辆${shownPlate}于2026年3月2日进入厂区。`;
        const redacted = redactText(text).value;
        expect(survivors(redacted, [values.id, values.oldId, values.phone, values.line, values.card], [values.mail, values.plate])).toEqual([]);
      }),
      { numRuns: RUNS.patterns },
    );
  });

  it('removes any address down to the street number, recorded or not', () => {
    const scenario = address.chain((home) => fc.record({ home: fc.constant(home), shown: disguisedAddress(home.full) }));
    fc.assert(
      fc.property(scenario, ({ home, shown }) => {
        const redacted = redactText(`经查，该仓库位于${shown}，存放液化气钢瓶35个。`).value;
        expect(survivors(redacted, [], [home.street])).toEqual([]);
      }),
      { numRuns: RUNS.addresses },
    );
  });

  it('masks the name a role gives away, and doubts it', () => {
    const scenario = fc.record({ who: name, role: fc.constantFrom('工人', '证人', '电焊工', '驾驶员', '负责人', '安全员'), verb: fc.constantFrom('未佩戴安全帽', '称不知情', '在现场作业', '于当日离开') });
    fc.assert(
      fc.property(scenario, ({ who, role, verb }) => {
        const redacted = redactText(`经查，${role}${who}${verb}。`);
        expect({ survivors: survivors(redacted.value, [], [who]), doubted: redacted.doubts.length > 0 }).toEqual({ survivors: [], doubted: true });
      }),
      { numRuns: RUNS.names },
    );
  });

  it('leaves amounts, dates, decision numbers, citations and counts as they are, without a doubt', () => {
    const scenario = fc.record({
      yuan: fc.integer({ min: 1, max: 9_999_999 }),
      year: fc.integer({ min: 2000, max: 2030 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      number: fc.integer({ min: 1, max: 999 }),
      count: fc.integer({ min: 1, max: 99 }),
      article: fc.constantFrom('第九十九条第一款', '第一百零二条', '第四十一条', '第九十七条第（四）项'),
    });
    fc.assert(
      fc.property(scenario, ({ yuan, year, month, day, number, count, article }) => {
        const text =
          `依据《中华人民共和国安全生产法》${article}，决定给予罚款人民币${yuan}元的行政处罚。决定日期${year}年${month}月${day}日` +
          `（${year}-${pad(month, 2)}-${pad(day, 2)}），大足应急罚〔${year}〕${number}号，发现隐患${count}处，依据GB 50016-2014。`;
        expect(redactText(text)).toEqual({ value: text, doubts: [] });
      }),
      { numRuns: RUNS.negatives },
    );
  });
});
