/**
 * Redaction before anything is public (政府信息公开条例 Art. 15; the 工商 web-publication rules): a published decision
 * holds no personal data of a natural person. Names become their 某某 form, ID numbers, phones, e-mail addresses, bank
 * cards, plates and addresses become one and the same mark, and sentences about a person's health become another.
 *
 * A text is first brought to one normal form for matching (normalizeForMatching), with a map back to the original, so
 * that no disguise (full-width or mathematical digits, zero-width characters, Chinese numerals, traditional characters,
 * separators of any kind) hides a value from the detectors. The detectors mark spans of the normal form; the spans are
 * then replaced in the original text, which stays as it was everywhere else. What a detector can only guess (a name that
 * was not recorded, a long number of unknown kind, a pinyin name) is cleaned as well and reported as a doubt, so that a
 * human looks at the publication before it goes out.
 */
export const REDACTED = '[已隐去]';
/** What replaces a whole sentence about a natural person's injuries, illness, treatment, disability or death. */
export const HEALTH_REDACTED = '[涉及个人健康信息，已隐去]';

export type PersonRole = 'party' | 'operator' | 'legal_representative' | 'witness' | 'injured' | 'worker' | 'other';

export interface NaturalPerson {
  readonly role: PersonRole;
  readonly name: string;
  readonly idNumber?: string | null;
  readonly phone?: string | null;
  readonly address?: string | null;
}

/** Why a text could not be cleaned with confidence; a publication with any doubt is held for a human. */
export interface RedactionDoubt {
  readonly code: string;
  /** The redacted text around the spot, at most 40 characters. */
  readonly excerpt: string;
}

export interface Redacted<T> {
  readonly value: T;
  readonly doubts: readonly RedactionDoubt[];
}

export interface RedactionOptions {
  /**
   * Names that are public by law and stay wherever they appear, e.g. the legal representative of an organization, a
   * field of the national "double publicity" format: they are neither masked nor reported as unrecorded.
   */
  readonly publicNames?: readonly string[];
}

export interface RedactDeepOptions extends RedactionOptions {
  /** Leaves a field (and everything under it) untouched, e.g. the unified social credit codes. */
  readonly keep?: (path: readonly (string | number)[]) => boolean;
}

export const DOUBT_CODES = {
  unrecordedName: 'UNRECORDED_NAME',
  unknownNumber: 'UNKNOWN_NUMBER',
  pinyinName: 'PINYIN_NAME',
} as const;

// ---------------------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------------------

const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐',
  '钟离', '闻人', '澹台', '公冶', '太叔', '申屠', '端木', '赫连', '独孤', '南宫', '西门', '百里', '东郭', '呼延', '拓跋',
  '万俟', '司空', '濮阳', '淳于', '单于', '仲孙', '宗政', '羊舌', '微生', '梁丘', '左丘', '东门', '公羊', '谷梁', '乐正',
  '漆雕', '壤驷', '公良', '巫马', '亓官', '司寇', '颛孙', '子车', '段干', '公西', '夹谷', '宰父', '鲜于', '闾丘', '第五',
];

/** The 百家姓 and the common surnames of south-west China it lacks. */
const SINGLE_SURNAMES = new Set(
  '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞' +
    '任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏' +
    '成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘' +
    '缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷' +
    '车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥' +
    '能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍卻璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖' +
    '庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆' +
    '红游竺权逯盖益桓公晋楚闫法汝鄢涂钦归海岳帅缑亢况郈有琴商牟佘佴伯赏墨哈谯笪年爱阳佟言福覃付肖代敬税粟母兰练邝冼麦' +
    '揭眭禤区凃',
);

/** The surname of a name: a compound one when it is one (欧阳), else the first character. */
function surnameOf(name: string): string {
  return COMPOUND_SURNAMES.find((surname) => name.startsWith(surname) && name.length > surname.length) ?? firstCharacter(name);
}

const firstCharacter = (text: string): string => String.fromCodePoint(text.codePointAt(0) ?? 0x20).trim();

/** A surname that starts at `index`, the compound one first. */
function surnameAt(text: string, index: number): string | null {
  const two = text.slice(index, index + 2);
  if (COMPOUND_SURNAMES.includes(two)) return two;
  const one = text.charAt(index);
  return SINGLE_SURNAMES.has(one) ? one : null;
}

/** A name reduced to the characters that matter for it: normal form, no spaces, dots or other punctuation. */
function nameCore(name: string): string {
  return normalizeForMatching(name).replace(/[\s\p{P}\p{S}]/gu, '');
}

/**
 * The 某某 form of a name, as published decisions write it: the surname stays, a one-character given name becomes 某
 * and a longer one 某某 (李明 → 李某, 李小明 → 李某某, 欧阳小明 → 欧阳某某). A name already in that form stays.
 */
export function maskName(name: string): string {
  const core = nameCore(name);
  if (core === '') return '某某';
  if (core.includes('某')) return core;
  if (!isHan(core.charAt(0))) return '某某';
  const surname = surnameOf(core);
  const given = [...core.slice(surname.length)].length;
  return `${surname}${given <= 1 ? '某' : '某某'}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// The normal form for matching
// ---------------------------------------------------------------------------------------------------------------------

/** A text in normal form, and for each of its UTF-16 units the range of the original text it came from. */
interface MappedText {
  readonly text: string;
  readonly from: readonly number[];
  readonly to: readonly number[];
}

class MappedBuilder {
  private readonly parts: string[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];

  push(text: string, from: number, to: number): void {
    this.parts.push(text);
    for (let i = 0; i < text.length; i += 1) {
      this.from.push(from);
      this.to.push(to);
    }
  }

  copy(source: MappedText, index: number): void {
    this.push(source.text.charAt(index), source.from[index] ?? 0, source.to[index] ?? 0);
  }

  build(): MappedText {
    return { text: this.parts.join(''), from: this.from, to: this.to };
  }
}

/**
 * Copies `input`, handing each longest run of `member` characters (positions start to end, exclusive) to `rewrite`,
 * which writes what stands for it: the one scan behind every digit reading below.
 */
function rewriteRuns(
  input: MappedText,
  member: (character: string) => boolean,
  rewrite: (out: MappedBuilder, start: number, end: number) => void,
): MappedText {
  const { text } = input;
  const out = new MappedBuilder();
  let i = 0;
  while (i < text.length) {
    if (!member(text.charAt(i))) {
      out.copy(input, i);
      i += 1;
      continue;
    }
    let end = i;
    while (end < text.length && member(text.charAt(end))) end += 1;
    rewrite(out, i, end);
    i = end;
  }
  return out.build();
}

/**
 * Characters that show nothing or change nothing visible: format characters (zero-width, bidi controls, soft hyphen),
 * marks (variation selectors, the combining grapheme joiner), the Hangul fillers and the blank Braille pattern.
 */
const INVISIBLE = /^(?:\p{Cf}|\p{Mn}|\p{Me}|[\u115F\u1160\u3164\uFFA0\u2800])$/u;
const CONTROL = /^[\p{Cc}]$/u;
const MARKS = /\p{M}/gu;
const OTHER_DECIMAL_DIGIT = /^(?![0-9])\p{Nd}$/u;
const LINE_BREAK = /^[\r\u2028\u2029\u0085]$/u;
const SPACE = /^\s$/u;

/** Traditional forms of the characters names, addresses and health terms are written with (陳 → 陈). */
const TRADITIONAL = new Map<string, string>(
  (
    '陳陈張张劉刘楊杨黃黄趙赵吳吴孫孙馬马羅罗鄭郑謝谢許许韓韩馮冯鄧邓蕭萧葉叶蘇苏呂吕盧卢鍾钟譚谭陸陆賈贾韋韦鄒邹閻阎龍龙' +
    '賀贺顧顾龔龚萬万錢钱嚴严湯汤蔣蒋範范歐欧陽阳鄺邝聶聂喬乔師师莊庄溫温鄔邬廣广東东國国華华偉伟軍军強强麗丽紅红興兴' +
    '鳳凤貴贵學学義义榮荣慶庆傑杰濤涛鵬鹏輝辉飛飞劍剑寶宝雲云燁烨蘭兰鳴鸣達达進进嬌娇鐵铁鋼钢剛刚濱滨財财禮礼衛卫紀纪' +
    '貞贞靜静豔艳鶯莺鷹鹰懷怀寧宁勝胜連连順顺樂乐長长億亿書书鎮镇區区縣县號号單单層层樓楼門门電电話话碼码機机證证鄉乡' +
    '組组棟栋園园廠厂鋪铺車车傷伤醫医診诊斷断療疗搶抢殘残兩两貳贰參参陸陆裡里裏里鄰邻區区號号'
  )
    .match(/../gu)
    ?.map((pair): [string, string] => [pair.charAt(0), pair.charAt(1)]) ?? [],
);

const canonicalCache = new Map<string, string>();

/** One character of the original in normal form: '' for what shows nothing. */
function canonicalCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  // Fast path: plain ASCII and unified ideographs need nothing but the traditional forms.
  if (code >= 0x20 && code < 0x7f) return character;
  if (code >= 0x4e00 && code <= 0x9fff) return TRADITIONAL.get(character) ?? character;
  const cached = canonicalCache.get(character);
  if (cached !== undefined) return cached;
  let result: string;
  if (character === '\n' || character === '\t') result = character;
  else if (LINE_BREAK.test(character)) result = '\n';
  else if (INVISIBLE.test(character) || CONTROL.test(character)) result = '';
  else if (OTHER_DECIMAL_DIGIT.test(character)) result = String(decimalValue(code));
  else {
    // NFKD and no marks: full-width, circled, mathematical and superscript forms become plain ones, and 'ǐ' becomes 'i'.
    result = [...character.normalize('NFKD').replace(MARKS, '').normalize('NFC')]
      .map((c) => (SPACE.test(c) && c !== '\n' ? ' ' : (TRADITIONAL.get(c) ?? c)))
      .join('');
    if (OTHER_DECIMAL_DIGIT.test(result)) result = String(decimalValue(result.codePointAt(0) ?? 0));
  }
  if (canonicalCache.size < 20_000) canonicalCache.set(character, result);
  return result;
}

/** Unicode keeps the decimal digits of a script in runs of ten, from 0 up: the value is the place in the run. */
function decimalValue(code: number): number {
  let below = 0;
  while (below < 100 && OTHER_DECIMAL_DIGIT.test(String.fromCodePoint(code - below - 1))) below += 1;
  return below % 10;
}

/** Chinese numerals that spell a digit (〇 to 九, their financial forms, and 幺 and 两 as digits are read out). */
const CHINESE_DIGITS = new Map<string, string>([
  ['〇', '0'], ['○', '0'], ['◯', '0'], ['零', '0'],
  ['一', '1'], ['壹', '1'], ['弌', '1'], ['幺', '1'],
  ['二', '2'], ['贰', '2'], ['弍', '2'], ['两', '2'],
  ['三', '3'], ['叁', '3'], ['弎', '3'],
  ['四', '4'], ['肆', '4'],
  ['五', '5'], ['伍', '5'],
  ['六', '6'], ['陆', '6'],
  ['七', '7'], ['柒', '7'],
  ['八', '8'], ['捌', '8'],
  ['九', '9'], ['玖', '9'],
]);
const CHINESE_UNITS = new Map<string, number>([['十', 10], ['拾', 10], ['百', 100], ['佰', 100], ['千', 1000], ['仟', 1000]]);
/** What follows the number of a house, building, unit, floor, room or village group. */
const ADDRESS_NUMBER_SUFFIX = /^(?:号|栋|幢|单元|楼(?!盘)|层|室|组(?![织成合])|社(?![会区团])|队(?!伍)|弄|户|座|段)/u;

const isAsciiDigit = (character: string): boolean => character >= '0' && character <= '9';
const isChineseNumeral = (character: string): boolean => CHINESE_DIGITS.has(character) || CHINESE_UNITS.has(character);

/** Characters that may stand between the digits of one number: spaces, dots, dashes, slashes, brackets, commas … */
const NUMBER_SEPARATORS = new Set([...' \t\n.·•‧∙・-‐‑‒–—―−~/\\_、,;:()[]{}<>*#\'"|。+`「」『』【】《》']);
const isNumberSeparator = (character: string): boolean => NUMBER_SEPARATORS.has(character);

/** The character next to a run, past at most three separators ('' when there is none). */
function neighbour(text: string, index: number, step: 1 | -1): string {
  for (let i = index, skipped = 0; i >= 0 && i < text.length && skipped <= 3; i += step, skipped += 1) {
    const character = text.charAt(i);
    if (!isNumberSeparator(character)) return character;
  }
  return '';
}

/** 二十八 → 28, 一百零二 → 102; null for what is no number below ten thousand. */
function chineseNumberValue(numeral: string): string | null {
  let total = 0;
  let current = 0;
  for (const character of numeral) {
    const digit = CHINESE_DIGITS.get(character);
    const unit = CHINESE_UNITS.get(character);
    if (digit !== undefined) current = Number(digit);
    else if (unit !== undefined) {
      total += (current === 0 ? 1 : current) * unit;
      current = 0;
    } else return null;
  }
  return String(total + current);
}

/**
 * Chinese numerals become digits where they spell a number: in a run of them (幺三八, 二〇二六), next to digits, or
 * before the suffix of an address (幸福路二十八号, 三栋). A lone numeral in words stays (张三, 第一百零二条, 三月).
 */
function chineseNumeralsAsDigits(input: MappedText): MappedText {
  const { text } = input;
  return rewriteRuns(input, isChineseNumeral, (out, i, end) => {
    const run = text.slice(i, end);
    const positional = [...run].some((character) => CHINESE_UNITS.has(character));
    const beforeAddressSuffix = ADDRESS_NUMBER_SUFFIX.test(text.slice(end, end + 2));
    const nextToNumber = [neighbour(text, i - 1, -1), neighbour(text, end, 1)].some(
      (character) => isAsciiDigit(character) || CHINESE_DIGITS.has(character),
    );
    const value = positional && beforeAddressSuffix ? chineseNumberValue(run) : null;
    if (value !== null) out.push(value, input.from[i] ?? 0, input.to[end - 1] ?? 0);
    else if (!positional && (beforeAddressSuffix || run.length >= 2 || nextToNumber)) {
      for (let k = i; k < end; k += 1) out.push(CHINESE_DIGITS.get(text.charAt(k)) ?? '', input.from[k] ?? 0, input.to[k] ?? 0);
    } else for (let k = i; k < end; k += 1) out.copy(input, k);
  });
}

const ZERO_LOOKALIKES = new Set([...'OoОоΟο']);
const ONE_LOOKALIKES = new Set([...'lI|ǀІіı']);

/** Letters that look like 0 and 1 between digits (138O0l23456) are read as the digits. */
function lookalikesAsDigits(input: MappedText): MappedText {
  const { text } = input;
  const lookalike = (character: string): boolean => ZERO_LOOKALIKES.has(character) || ONE_LOOKALIKES.has(character);
  if (![...text].some(lookalike)) return input;
  return rewriteRuns(input, lookalike, (out, i, end) => {
    const betweenDigits = isAsciiDigit(neighbour(text, i - 1, -1)) && isAsciiDigit(neighbour(text, end, 1));
    for (let k = i; k < end; k += 1) {
      const character = text.charAt(k);
      if (betweenDigits) out.push(ZERO_LOOKALIKES.has(character) ? '0' : '1', input.from[k] ?? 0, input.to[k] ?? 0);
      else out.copy(input, k);
    }
  });
}

function normalizeMapped(text: string): MappedText {
  const out = new MappedBuilder();
  let offset = 0;
  for (const character of text) {
    out.push(canonicalCharacter(character), offset, offset + character.length);
    offset += character.length;
  }
  return lookalikesAsDigits(chineseNumeralsAsDigits(out.build()));
}

/** The normal form used for matching (NFKC, zero-width and format characters removed, Chinese numerals as digits). */
export function normalizeForMatching(text: string): string {
  return normalizeMapped(text).text;
}

// ---------------------------------------------------------------------------------------------------------------------
// Spans found in the normal form
// ---------------------------------------------------------------------------------------------------------------------

/** How strongly a span replaces what it covers: where spans overlap, the stronger one is written. */
const STRENGTH = { name: 1, redact: 2, health: 3 } as const;
type Strength = (typeof STRENGTH)[keyof typeof STRENGTH];

interface Span {
  readonly start: number;
  readonly end: number;
  readonly strength: Strength;
  readonly replacement: string;
  readonly doubt?: string;
}

/** The spans of one text, and which characters are taken (to be replaced) or kept (public identifiers). */
class Spans {
  readonly list: Span[] = [];
  private readonly taken: Uint8Array;
  private readonly kept: Uint8Array;

  constructor(readonly length: number) {
    this.taken = new Uint8Array(length);
    this.kept = new Uint8Array(length);
  }

  add(span: Span): void {
    if (span.end <= span.start) return;
    this.list.push(span);
    for (let i = span.start; i < span.end; i += 1) this.taken[i] = Math.max(this.taken[i] ?? 0, span.strength);
  }

  keep(start: number, end: number): void {
    this.kept.fill(1, start, end);
  }

  /** No character of the range is kept (a pattern may still add to what is taken). */
  unkept(start: number, end: number): boolean {
    for (let i = start; i < end; i += 1) if (this.kept[i] === 1) return false;
    return true;
  }

  /** No character of the range is taken or kept: where a guess (and its doubt) may go. */
  free(start: number, end: number): boolean {
    for (let i = start; i < end; i += 1) if (this.taken[i] !== 0 || this.kept[i] === 1) return false;
    return true;
  }
}

const isHan = (character: string): boolean => /^\p{sc=Han}/u.test(character);

/** The normal form, or the normal form without its spaces, where spacing out a name or address would hide it (幸 福 路 8 号). */
interface View {
  readonly text: string;
  /** The range of the normal form a range of this view stands for. */
  span(start: number, end: number): [number, number];
}

const wholeView = (text: string): View => ({ text, span: (start, end) => [start, end] });

function withoutSpaces(text: string): View {
  if (!/\s/u.test(text)) return wholeView(text);
  const positions: number[] = [];
  let compact = '';
  for (let i = 0; i < text.length; i += 1) {
    const character = text.charAt(i);
    if (/\s/u.test(character)) continue;
    compact += character;
    positions.push(i);
  }
  return {
    text: compact,
    span: (start, end) => [positions[start] ?? text.length, (positions[end - 1] ?? text.length - 1) + 1],
  };
}

/**
 * Spaces, punctuation and symbols, as ranges: ASCII, Latin-1, general punctuation, CJK punctuation and the full-width and
 * small forms (a class of ranges keeps the patterns of a person's values quick to compile, unlike \p{P}).
 */
const GAP_CHARACTERS = '\\s!-/:-@\\[-`{-~\\u00A1-\\u00BF\\u00D7\\u00F7\\u2010-\\u2027\\u2030-\\u205E\\u2190-\\u23FF\\u2500-\\u27BF\\u3001-\\u3004\\u3008-\\u3020\\u30FB\\uFE10-\\uFE6F\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65';
/** Up to three separators between the characters of a name or an address written apart (李 小 明, 幸福路·8号). */
const NAME_GAP = `[${GAP_CHARACTERS}]{0,3}`;
/** Up to four separators between the digits of a recorded number. */
const DIGIT_GAP = `[${GAP_CHARACTERS}]{0,4}`;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const spreadOut = (text: string, gap: string): string => [...text].map(escapeRegExp).join(gap);

// ---------------------------------------------------------------------------------------------------------------------
// The persons' own values
// ---------------------------------------------------------------------------------------------------------------------

type AddressPart = 'coarse' | 'locality' | 'road' | 'compound' | 'numbered' | 'room';

/** The suffixes an address is made of, longest first so that 街道 is not read as 街. */
const ADDRESS_SUFFIXES: readonly (readonly [string, AddressPart])[] = (
  [
    ['特别行政区', 'coarse'], ['自治区', 'coarse'], ['自治州', 'coarse'], ['自治县', 'coarse'], ['街道办事处', 'coarse'],
    ['省', 'coarse'], ['市', 'coarse'], ['地区', 'coarse'], ['盟', 'coarse'], ['州', 'coarse'], ['区', 'coarse'],
    ['县', 'coarse'], ['旗', 'coarse'], ['街道', 'coarse'], ['镇', 'coarse'], ['乡', 'coarse'],
    ['社区', 'locality'], ['村委会', 'locality'], ['居委会', 'locality'], ['村', 'locality'], ['工业园区', 'locality'],
    ['园区', 'locality'], ['开发区', 'locality'], ['工业园', 'locality'],
    ['大道', 'road'], ['大街', 'road'], ['胡同', 'road'], ['路', 'road'], ['街', 'road'], ['巷', 'road'], ['弄', 'road'],
    ['小区', 'compound'], ['花园', 'compound'], ['家园', 'compound'], ['新村', 'compound'], ['公寓', 'compound'],
    ['大厦', 'compound'], ['广场', 'compound'], ['苑', 'compound'],
    ['号院', 'numbered'], ['号楼', 'numbered'], ['号', 'numbered'], ['栋', 'numbered'], ['幢', 'numbered'],
    ['座', 'numbered'], ['单元', 'numbered'], ['楼', 'numbered'], ['层', 'numbered'], ['段', 'numbered'],
    ['组', 'numbered'], ['社', 'numbered'], ['队', 'numbered'],
    ['室', 'room'], ['房', 'room'], ['户', 'room'],
  ] as const
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length);

interface AddressToken {
  readonly text: string;
  readonly part: AddressPart | 'rest';
}

/** 重庆市大足区龙岗街道幸福路8号3栋 → 重庆市 | 大足区 | 龙岗街道 | 幸福路 | 8号 | 3栋. */
function addressTokens(address: string): AddressToken[] {
  const tokens: AddressToken[] = [];
  let start = 0;
  let k = 1;
  while (k < address.length) {
    const suffix = ADDRESS_SUFFIXES.find(([text]) => address.startsWith(text, k));
    if (suffix) {
      tokens.push({ text: address.slice(start, k + suffix[0].length), part: suffix[1] });
      start = k + suffix[0].length;
      k = start + 1;
    } else k += 1;
  }
  if (start < address.length) tokens.push({ text: address.slice(start), part: 'rest' });
  return tokens;
}

/**
 * The pieces of a recorded address that give it away: every run of its parts down to a number (幸福路8号, 8号3栋,
 * 3栋2单元501室, 龙岗街道幸福路8号), a room, and the road or compound itself; not its coarse parts (重庆市, 大足区).
 */
function addressPieces(address: string): string[] {
  const core = normalizeForMatching(address).replace(/\s/g, '');
  const tokens = addressTokens(core);
  const numbered = (token: AddressToken): boolean => (token.part === 'numbered' || token.part === 'room') && /\d/.test(token.text);
  const pieces = new Set<string>();
  if ([...core].length >= 4) pieces.add(core);
  for (let i = 0; i < tokens.length; i += 1) {
    for (let j = i; j < tokens.length; j += 1) {
      const run = tokens.slice(i, j + 1);
      const text = run.map((token) => token.text).join('');
      const single = run[0];
      if (j === i && single !== undefined) {
        const alone = (single.part === 'room' && /\d/.test(single.text)) || ((single.part === 'road' || single.part === 'compound') && [...single.text].length >= 3);
        if (alone) pieces.add(text);
      } else if (run.some(numbered)) pieces.add(text);
    }
  }
  return [...pieces];
}

/** The digits of a number in normal form, with the X of an ID number. */
const digitsOf = (value: string): string => normalizeForMatching(value).toUpperCase().replace(/[^0-9X]/g, '');

/**
 * The patterns of a recorded ID number or phone in the forms it may be written in: digits apart, an ID's old 15 digits,
 * a mobile with or without +86, a landline with or without its area code.
 */
function numberPatterns(value: string): string[] {
  const patterns = new Set<string>();
  const spread = (digits: string): string => spreadOut(digits, DIGIT_GAP).replace(/X$/, '[Xx]');
  for (const part of normalizeForMatching(value).split(/[,;、/|]|或|和|及/u)) {
    const digits = digitsOf(part).replace(/^(?:0086|86)(?=\d{9,})/, '');
    if (digits.length < 7) continue;
    patterns.add(spread(digits));
    if (/^\d{17}[\dX]$/.test(digits)) patterns.add(spread(digits.slice(0, 6) + digits.slice(8, 17)));
    if (MOBILE.test(digits)) patterns.add(`\\+?(?:00)?86${DIGIT_GAP}${spread(digits)}`);
    const landline = /^0(?:10|2\d|[3-9]\d{2})(\d{7,8})$/.exec(digits);
    if (landline?.[1]) patterns.add(spread(landline[1]));
  }
  return [...patterns];
}

interface NameMatcher {
  readonly pattern: RegExp;
  readonly mask: string;
}

interface CompiledPersons {
  /** ID numbers, phones and address pieces of all persons, longest first. */
  readonly values: RegExp | null;
  readonly names: readonly NameMatcher[];
  /** Given names of two characters or more, which may appear alone (小明称 …). */
  readonly givenNames: readonly NameMatcher[];
  readonly nameCores: ReadonlySet<string>;
}

const NO_PERSONS: readonly NaturalPerson[] = [];
const compiledPersons = new WeakMap<readonly NaturalPerson[], CompiledPersons>();

function compilePersons(persons: readonly NaturalPerson[]): CompiledPersons {
  const cached = compiledPersons.get(persons);
  if (cached) return cached;
  const values: string[] = [];
  const names: NameMatcher[] = [];
  const givenNames: NameMatcher[] = [];
  const nameCores = new Set<string>();
  for (const person of persons) {
    for (const number of [person.idNumber, person.phone]) {
      if (number) values.push(...numberPatterns(number));
    }
    if (person.address) for (const piece of addressPieces(person.address)) values.push(spreadOut(piece, NAME_GAP));
    const core = nameCore(person.name);
    if ([...core].length < 2 || core.includes('某')) continue;
    nameCores.add(core);
    const mask = maskName(core);
    names.push({ pattern: new RegExp(spreadOut(core, NAME_GAP), 'gu'), mask });
    const given = core.slice(surnameOf(core).length);
    if ([...given].length >= 2) givenNames.push({ pattern: new RegExp(spreadOut(given, NAME_GAP), 'gu'), mask: '某某' });
  }
  values.sort((a, b) => b.length - a.length);
  names.sort((a, b) => b.pattern.source.length - a.pattern.source.length);
  const compiled: CompiledPersons = {
    values: values.length > 0 ? new RegExp(values.join('|'), 'gu') : null,
    names,
    givenNames,
    nameCores,
  };
  compiledPersons.set(persons, compiled);
  return compiled;
}

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0] === '') pattern.lastIndex += 1;
    else yield match;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Health
// ---------------------------------------------------------------------------------------------------------------------

/** Words that always speak of a person's health. */
const HEALTH_WORDS = new RegExp(
  [
    '骨折', '烧伤', '烫伤', '灼伤', '擦伤', '挫伤', '裂伤', '割伤', '砸伤', '轧伤', '压伤', '撞伤', '摔伤', '扭伤', '刺伤',
    '咬伤', '冻伤', '伤势', '伤情', '轻伤', '重伤', '轻微伤', '负伤', '伤者', '伤员', '住院', '入院', '出院', '就医', '就诊',
    '送医', '(?<!故障)诊断', '确诊', '病历', '病情', '病史', '患有', '患病', '患者', '罹患', '治疗', '救治', '抢救', '手术',
    '截肢', '伤残', '残疾', '致残', '身亡', '死者', '遇难', '罹难', '丧生', '不治', '昏迷', '休克', '植物人', '瘫痪', '怀孕',
    '妊娠', '流产', '精神病', '精神疾病', '抑郁症', '癌症', '肿瘤', '病故', '病逝', '去世', '逝世', '尸体', '遗体', '尸检',
    '医疗费', '医药费', '工伤认定', '送往[^，。,]{0,10}医院', '送至[^，。,]{0,10}医院',
  ].join('|'),
  'u',
);
/** Words that speak of a person's health unless the clause speaks of preventing it (防止人员伤亡, 存在中毒风险). */
const HARM_WORDS = /受伤|死亡|伤亡|中毒|窒息|溺亡|坠亡|烧死|砸死|压死|致死|致伤/u;
const PREVENTION = /防止|预防|防范|避免|杜绝|可能|易造成|易导致|风险|隐患|危险因素|预案|演练|培训|警示|标志|标识/u;

function isAboutHealth(sentence: string): boolean {
  if (HEALTH_WORDS.test(sentence)) return true;
  return sentence.split(/[,，、]/u).some((clause) => HARM_WORDS.test(clause) && !PREVENTION.test(clause));
}

function markHealth(text: string, spans: Spans): void {
  for (const sentence of matches(/[^。！？!?；;\n]+/gu, text)) {
    if (!isAboutHealth(sentence[0])) continue;
    const leading = /^\s*/u.exec(sentence[0])?.[0].length ?? 0;
    spans.add({ start: sentence.index + leading, end: sentence.index + sentence[0].length, strength: STRENGTH.health, replacement: HEALTH_REDACTED });
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Public identifiers that stay: credit codes and standard numbers
// ---------------------------------------------------------------------------------------------------------------------

const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE = /(?<![A-Za-z0-9])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![A-Za-z0-9])/giu;
const CREDIT_CODE_LABEL = /(?:信用代码|社会信用|代码)[号为是：:\s(（]*$/u;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The check character of GB 32100-2015 is right. */
function isCreditCode(code: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += CREDIT_CODE_ALPHABET.indexOf(code.charAt(i)) * (3 ** i % 31);
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31) === code.charAt(17);
}

/** The check digit of GB 11643-1999 is right and the birth date could be one. */
function isIdNumber(digits: string): boolean {
  if (!/^\d{17}[\dX]$/.test(digits)) return false;
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(digits.charAt(i)), 0);
  const month = Number(digits.slice(10, 12));
  const day = Number(digits.slice(12, 14));
  return '10X98765432'.charAt(sum % 11) === digits.charAt(17) && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** The provinces of plate numbers (渝A12345). */
const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领';
const PLATE_GAP = '[\\s·.\\-•・_]{0,2}';
/** 渝A12345, 渝A·D12345, 川B 8X9Y2, 渝A1234学. */
const PLATE = new RegExp(
  `[${PLATE_PROVINCES}]${PLATE_GAP}[A-Za-z]${PLATE_GAP}(?:[A-Za-z0-9]${PLATE_GAP}){4,5}[A-Za-z0-9挂学警港澳领](?![A-Za-z0-9])`,
  'gu',
);
const STANDARD_CODE = 'GB|GBZ|GBJ|AQ|JGJ|CJJ|JG|JB|HG|SH|SY|DL|MT|YB|TSG|GA|WS|XF|NB|QX|DB\\d{2}|T/[A-Z]{2,10}';
/** A standard number: GB 50016-2014, GB/T 2893.5-2020, AQ 3009-2007. */
const STANDARD_NUMBER = new RegExp(`(?<![A-Za-z0-9])(?:${STANDARD_CODE})(?:/[TZ])?\\s*\\d{1,6}(?:\\.\\d{1,3})*(?:\\s*[-—–]\\s*(?:19|20)\\d{2})?`, 'gu');

function keepPublicIdentifiers(text: string, spans: Spans): void {
  for (const match of matches(CREDIT_CODE, text)) {
    const code = match[0].toUpperCase();
    // A code of digits (and X) reads as an ID number or a bank card too: only its label says it is a credit code.
    const idLike = /^\d{17}[\dX]$/.test(code);
    const labelled = CREDIT_CODE_LABEL.test(text.slice(Math.max(0, match.index - 12), match.index));
    if (isCreditCode(code) && (!idLike || (labelled && !isIdNumber(code)))) spans.keep(match.index, match.index + code.length);
  }
  // A standard code inside a plate number is part of the plate (京AQ0000, 京A0GA00).
  const plates = [...matches(PLATE, text)].map((plate) => [plate.index, plate.index + plate[0].length] as const);
  for (const match of matches(STANDARD_NUMBER, text)) {
    const [start, end] = [match.index, match.index + match[0].length];
    if (!plates.some(([from, to]) => start < to && from < end)) spans.keep(start, end);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Patterns, whoever they belong to
// ---------------------------------------------------------------------------------------------------------------------

const EMAIL_LOCAL = '[A-Za-z0-9](?:[A-Za-z0-9._%+\\-]{0,62}[A-Za-z0-9])?';
const EMAIL_AT = '(?:\\s*(?:@|[\\[(<{【]\\s*(?:at|@)\\s*[\\])>}】]|艾特)\\s*|\\s+at\\s+)';
const EMAIL_DOT = '(?:\\s*(?:\\.|[\\[(<{【]\\s*(?:dot|\\.|点)\\s*[\\])>}】]|点|。)\\s*|\\s+dot\\s+)';
const EMAIL_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?';
/** li.xm@163.com, li.xm＠163．com, li.xm [at] 163 [dot] com, lixm at 163 dot com. */
const EMAIL = new RegExp(`${EMAIL_LOCAL}${EMAIL_AT}${EMAIL_LABEL}(?:${EMAIL_DOT}${EMAIL_LABEL})*${EMAIL_DOT}[A-Za-z]{2,10}(?![A-Za-z])`, 'giu');

/** Handles of messaging accounts after their label (微信号：li_xm88, QQ 12345678). */
const ACCOUNT_LABEL = /(?:微信号?|微信ID|wechat|weixin|QQ号?|skype|telegram|抖音号?|快手号?|微博号?|支付宝账?号?)\s*(?:号码|账号|ID)?\s*[：:为是]?\s*([A-Za-z0-9][A-Za-z0-9_\-.@]{4,39})/giu;
/** A plate after its label, also without the province (车牌号：A12345). */
const PLATE_LABEL = /车牌(?:号码?)?\s*[：:为是]?\s*([\p{sc=Han}]?[A-Za-z0-9](?:[\s·.\-•・]{0,2}[A-Za-z0-9]){4,6})/gu;


/** Characters that end the name of a road or compound looked for backwards (在幸福路8号: the road is 幸福路). */
const PLACE_STOP = '在于住址位至从到往沿经向由自及和与的是为其家居该此所地前后内外旁处等';
const PLACE_NAME = `[^\\P{sc=Han}${PLACE_STOP}]{1,6}`;
const ROAD_SUFFIX = '(?:大道|大街|胡同|路|街(?!道)|巷|弄|工业园区|园区|工业园)';
const ROAD_SECTION = '(?:\\d+段|[东西南北中]段)?';
const ADDRESS_GAP = '[\\s\\-—]{0,2}';
const HOUSE_NUMBER = `\\d+(?:[-—之]\\d+)?(?:号院|号楼|号|弄)(?:${ADDRESS_GAP}附${ADDRESS_GAP}\\d+号)?`;
const BUILDING_PART = '(?:[A-Za-z]?\\d+[A-Za-z]?|[A-Za-z])(?:栋|幢|座|单元|号楼|楼|层|室|号房|号|房|户|[Ff](?![A-Za-z]))';
const DASHED_PARTS = '\\d+(?:[-—]\\d+){1,3}(?:室|号|房)?';
const FINER_PARTS = `(?:${ADDRESS_GAP}(?:${BUILDING_PART}|${DASHED_PARTS}))*`;
const COMPOUND_SUFFIX = '(?:小区|新村|家园|公寓|花园|苑|大厦|广场|华府|山庄|公馆|雅居|嘉园|名都|名城)';
const ADDRESS_FORMS = {
  street: `${PLACE_NAME}${ROAD_SUFFIX}${ROAD_SECTION}${ADDRESS_GAP}${HOUSE_NUMBER}${FINER_PARTS}`,
  compoundBuilding: `${PLACE_NAME}${COMPOUND_SUFFIX}(?:${ADDRESS_GAP}(?:${BUILDING_PART}|${DASHED_PARTS}|${HOUSE_NUMBER}))+`,
  village: `${PLACE_NAME}(?:村|社区)${ADDRESS_GAP}(?:\\d+(?:组|社|队)(?:${ADDRESS_GAP}${HOUSE_NUMBER})?|${HOUSE_NUMBER})${FINER_PARTS}`,
  groupHouse: `\\d+(?:组|社|队)${ADDRESS_GAP}${HOUSE_NUMBER}${FINER_PARTS}`,
  buildingParts: `${BUILDING_PART}(?:${ADDRESS_GAP}(?:${BUILDING_PART}|${DASHED_PARTS}))+`,
  room: '\\d+(?:室|号房)',
};
const ADDRESS = new RegExp(Object.values(ADDRESS_FORMS).join('|'), 'gu');
/** A residential compound named alone (幸福小区), not a generic one (居民小区) nor one already anonymized (某某小区). */
const COMPOUND = new RegExp(`(${PLACE_NAME})小区`, 'gu');
const GENERIC_COMPOUND = /^(?:民|居民|住宅|老旧|商品房|本|辖区|周边|附近|.*某)$/u;

function markPatterns(text: string, spans: Spans): void {
  const redact = (start: number, end: number): void => {
    if (spans.unkept(start, end)) spans.add({ start, end, strength: STRENGTH.redact, replacement: REDACTED });
  };
  if (/@|at|艾特/iu.test(text)) for (const match of matches(EMAIL, text)) redact(match.index, match.index + match[0].length);
  for (const label of [ACCOUNT_LABEL, PLATE_LABEL]) {
    for (const match of matches(label, text)) {
      const value = match[1] ?? '';
      const start = match.index + match[0].length - value.length;
      redact(start, start + value.length);
    }
  }
  for (const match of matches(PLATE, text)) {
    if ((match[0].match(/\d/g)?.length ?? 0) >= 2) redact(match.index, match.index + match[0].length);
  }
}

const ADDRESS_HERE = new RegExp(ADDRESS.source, 'uy');
const COARSE_PLACE_END = /街道|镇|乡|区|县|市/gu;
/** A road with a name of two characters at least: what is left must still say which road (not 场路 of 市场路). */
const ROAD_WITH_NAME = new RegExp(`^\\p{sc=Han}{2,6}?${ROAD_SUFFIX}`, 'u');

/** Where an address found by pattern starts once the subdistrict, town or district before its road is left out. */
function withoutCoarsePrefix(text: string, start: number, end: number): number {
  let trimmed = start;
  for (const coarse of matches(COARSE_PLACE_END, text.slice(start, end))) {
    const from = start + coarse.index + coarse[0].length;
    ADDRESS_HERE.lastIndex = from;
    const rest = ADDRESS_HERE.exec(text);
    if (rest && from + rest[0].length === end && ROAD_WITH_NAME.test(text.slice(from))) trimmed = from;
  }
  return trimmed;
}

function markAddresses(view: View, spans: Spans): void {
  const redact = (start: number, end: number): void => {
    const [from, to] = view.span(start, end);
    if (spans.unkept(from, to)) spans.add({ start: from, end: to, strength: STRENGTH.redact, replacement: REDACTED });
  };
  for (const match of matches(ADDRESS, view.text)) {
    const end = match.index + match[0].length;
    redact(withoutCoarsePrefix(view.text, match.index, end), end);
  }
  for (const match of matches(COMPOUND, view.text)) {
    if (!GENERIC_COMPOUND.test(match[1] ?? '')) redact(match.index, match.index + match[0].length);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------------------------------

/** A run of digits in one number, written apart from the next one by separators. */
interface DigitGroup {
  readonly start: number;
  readonly end: number;
  /** Its digits, with the X of an ID number at the end of the last group. */
  readonly digits: string;
  /** The separators before it ('' for the first group). */
  readonly separator: string;
}

const MOBILE = /^(?:0086|86)?1[3-9]\d{9}$/;
const AREA_CODE = '(?:10|2\\d|[3-9]\\d{2})';
const LANDLINE = new RegExp(`^(?:0|0086|86)${AREA_CODE}\\d{7,8}$`);
const LOCAL_LANDLINE = /^[2-9]\d{6,7}$/;
const PHONE_CONTEXT = /电话|手机|座机|联系|号码|传真|致电|拨打|热线|tel|phone|mobile|fax/iu;
const PERSONAL_NUMBER_LABEL = /(?:身份证|身份号码|证件号|公民身份|银行卡|银行账|账号|账户|卡号|护照|驾驶证|驾照|通行证)[号码]*[：:\s为是]*[A-Za-z]{0,2}$/u;
const BENIGN_NUMBER_BEFORE = /(?:人民币|¥|￥|RMB|金额|共计|合计|计|约|注册号|许可证号|证书编号|编号|文号|案号|登记号)[：:\s]*$/iu;
const BENIGN_NUMBER_AFTER =
  /^\s*(?:元|万|亿|千|百|美元|块|角|%|‰|平方|立方|米|吨|公斤|千克|克|升|毫升|千米|公里|kg|t(?![A-Za-z])|km|m(?![A-Za-z])|MPa|kPa|Pa|kW|kV|千瓦|瓦|伏|度|℃|人|名|处|次|个|台|辆|件|份|页|天|日|月|年|小时|分钟|秒|号|户|套|只|头|册|本|张|株|棵|箱|桶|瓶|袋|盒|条|项|起|批)/iu;
/** What follows the numbers of an enumeration (第3、4、5条). */
const COUNTER = /^\s*[条款项目处名个次号种类章节页部台辆家人件起批日月年天周元%]/u;

type NumberKind = 'id' | 'mobile' | 'landline' | 'bank' | 'labelled';

function isOldIdNumber(digits: string): boolean {
  const month = Number(digits.slice(8, 10));
  const day = Number(digits.slice(10, 12));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/**
 * `wholeRun`: the digits are all of a run written as one number; only then do the words before it make a phone of a
 * number without area code, or a personal number of what follows a label.
 */
function personalNumberKind(digits: string, before: string, wholeRun: boolean): NumberKind | null {
  if (digits.endsWith('X')) return digits.length === 18 ? 'id' : null;
  if (MOBILE.test(digits)) return 'mobile';
  if (LANDLINE.test(digits)) return 'landline';
  if (digits.length === 18 || (digits.length === 15 && isOldIdNumber(digits))) return 'id';
  if (digits.length >= 16 && digits.length <= 19) return 'bank';
  if (wholeRun && LOCAL_LANDLINE.test(digits) && PHONE_CONTEXT.test(before)) return 'landline';
  if (wholeRun && digits.length >= 4 && PERSONAL_NUMBER_LABEL.test(before)) return 'labelled';
  return null;
}

const isYear = (digits: string): boolean => /^(?:19|20)\d{2}$/.test(digits);
const inRange = (digits: string, low: number, high: number): boolean => /^\d{1,2}$/.test(digits) && Number(digits) >= low && Number(digits) <= high;

/** How many groups from `i` are a date (2026-03-02, 2026.3), a time (10:30:00) or a range of years (2024-2026). */
function dateLength(groups: readonly DigitGroup[], i: number): number {
  const [first, second, third] = [groups[i], groups[i + 1], groups[i + 2]];
  if (!first || !second) return 0;
  const separator = second.separator.trim();
  if (isYear(first.digits) && /^[-./]?$/.test(separator) && inRange(second.digits, 1, 12)) {
    return third && third.separator === second.separator && inRange(third.digits, 1, 31) ? 3 : 2;
  }
  if (separator === ':' && inRange(first.digits, 0, 23) && /^\d{2}$/.test(second.digits) && inRange(second.digits, 0, 59)) {
    return third && third.separator.trim() === ':' && /^\d{2}$/.test(third.digits) && inRange(third.digits, 0, 59) ? 3 : 2;
  }
  if (isYear(first.digits) && isYear(second.digits) && /^[-~—–/至]$/.test(separator)) return 2;
  return 0;
}

/** 第3、4、5条 and 1、2、3项: numbers one by one, not one number written apart. */
function isEnumeration(text: string, groups: readonly DigitGroup[]): boolean {
  const first = groups[0];
  const last = groups[groups.length - 1];
  if (!first || !last || groups.length < 2) return false;
  const listed = groups.every((group, i) => group.digits.length <= 3 && !group.digits.endsWith('X') && (i === 0 || /^\s*[、,;]\s*$/u.test(group.separator)));
  return listed && (/第\s?$/u.test(text.slice(Math.max(0, first.start - 2), first.start)) || COUNTER.test(text.slice(last.end, last.end + 3)));
}

function digitGroups(text: string, spans: Spans, start: number): DigitGroup[] {
  const groups: DigitGroup[] = [];
  const usable = (index: number): boolean => index < text.length && spans.free(index, index + 1);
  const isIdCheck = (index: number): boolean => /[Xx]/.test(text.charAt(index)) && usable(index) && !/[A-Za-z0-9]/.test(text.charAt(index + 1));
  let separator = '';
  let j = start;
  for (;;) {
    const groupStart = j;
    while (usable(j) && isAsciiDigit(text.charAt(j))) j += 1;
    let digits = text.slice(groupStart, j);
    let k = j;
    while (k - j < 3 && usable(k) && isNumberSeparator(text.charAt(k))) k += 1;
    if (isIdCheck(j) || (k > j && isIdCheck(k))) {
      const checkAt = isIdCheck(j) ? j : k;
      digits += 'X';
      groups.push({ start: groupStart, end: checkAt + 1, digits, separator });
      return groups;
    }
    groups.push({ start: groupStart, end: j, digits, separator });
    if (k > j && usable(k) && isAsciiDigit(text.charAt(k))) {
      separator = text.slice(j, k);
      j = k;
    } else return groups;
  }
}

/** The longest personal number that starts with group `i`, as the index of its last group. */
function longestPersonalNumber(text: string, groups: readonly DigitGroup[], i: number): { last: number; kind: NumberKind } | null {
  const first = groups[i];
  if (!first) return null;
  const before = text.slice(Math.max(0, first.start - 12), first.start);
  let best: { last: number; kind: NumberKind } | null = null;
  let digits = '';
  for (let j = i; j < groups.length; j += 1) {
    digits += groups[j]?.digits ?? '';
    if (digits.length > 22) break;
    const wholeRun = i === 0 && j === groups.length - 1 && groups.every((group) => !/[,;、。]/u.test(group.separator));
    const kind = personalNumberKind(digits, before, wholeRun);
    if (kind) best = { last: j, kind };
  }
  return best;
}

function isBenignNumber(text: string, run: readonly DigitGroup[]): boolean {
  const first = run[0];
  const last = run[run.length - 1];
  if (!first || !last) return true;
  if (BENIGN_NUMBER_AFTER.test(text.slice(last.end, last.end + 6))) return true;
  if (BENIGN_NUMBER_BEFORE.test(text.slice(Math.max(0, first.start - 8), first.start))) return true;
  const later = run.slice(1);
  if (later.length > 0 && later.every((group) => group.separator === ',' && group.digits.length === 3)) return true;
  return run.length === 2 && later[0]?.separator === '.';
}

/** A number with the + of +86 before it and the parentheses around an area code that it leaves open: (138)1234-5678. */
function withNumberPunctuation(text: string, start: number, end: number, spans: Spans): [number, number] {
  let from = start;
  let to = end;
  const count = (character: string): number => text.slice(from, to).split(character).length - 1;
  if (count(')') > count('(') && text.charAt(from - 1) === '(' && spans.unkept(from - 1, from)) from -= 1;
  if (text.charAt(from - 1) === '+' && spans.unkept(from - 1, from)) from -= 1;
  if (count('(') > count(')') && text.charAt(to) === ')') to += 1;
  return [from, to];
}

function markNumbers(text: string, spans: Spans): void {
  const redact = (start: number, end: number, kind: NumberKind | 'unknown'): void => {
    const [from, punctuatedEnd] = withNumberPunctuation(text, start, end, spans);
    let to = punctuatedEnd;
    const extension = /^\s*(?:转|分机|ext\.?|x|#|-)\s*\d{1,6}(?!\d)/iu.exec(text.slice(to, to + 14));
    if (kind === 'landline' && extension && spans.free(to, to + extension[0].length)) to += extension[0].length;
    spans.add({ start: from, end: to, strength: STRENGTH.redact, replacement: REDACTED, ...(kind === 'unknown' ? { doubt: DOUBT_CODES.unknownNumber } : {}) });
  };
  let i = 0;
  while (i < text.length) {
    if (!isAsciiDigit(text.charAt(i)) || !spans.free(i, i + 1)) {
      i += 1;
      continue;
    }
    const groups = digitGroups(text, spans, i);
    i = groups[groups.length - 1]?.end ?? i + 1;
    if (isEnumeration(text, groups)) continue;
    let pending: DigitGroup[] = [];
    const flush = (): void => {
      const first = pending[0];
      const last = pending[pending.length - 1];
      const digitCount = pending.reduce((count, group) => count + group.digits.length, 0);
      if (first && last && digitCount >= 7 && !isBenignNumber(text, pending)) redact(first.start, last.end, 'unknown');
      pending = [];
    };
    let g = 0;
    while (g < groups.length) {
      const date = dateLength(groups, g);
      const personal = longestPersonalNumber(text, groups, g);
      // A date stays, with the number after it (2026-03-02 13812345678), unless it is the start of a number that goes on
      // past it and what follows is no number by itself (1990-3-12 5678 is the phone 19903125678).
      const numberThroughDate = personal !== null && personal.last >= g + date && longestPersonalNumber(text, groups, g + date) === null;
      if (date > 0 && !numberThroughDate) {
        flush();
        g += date;
      } else if (personal) {
        flush();
        let last = personal.last;
        // An extension written as one more short group (023-43721234-801).
        const next = groups[last + 1];
        if (personal.kind === 'landline' && next && next.digits.length <= 5 && /[-#]/.test(next.separator)) last += 1;
        const firstGroup = groups[g];
        const lastGroup = groups[last];
        if (firstGroup && lastGroup) redact(firstGroup.start, lastGroup.end, personal.kind);
        g = last + 1;
      } else {
        const group = groups[g];
        if (group) pending.push(group);
        g += 1;
      }
    }
    flush();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Names that were not recorded
// ---------------------------------------------------------------------------------------------------------------------

/** Words that introduce a natural person by role (工人王小明, 证人刘强, 驾驶员…). */
const ROLE_WORDS = [
  '工人', '员工', '职工', '从业人员', '作业人员', '操作人员', '操作工', '电焊工', '焊工', '电工', '钳工', '车工', '叉车工',
  '叉车司机', '塔吊司机', '司机', '驾驶员', '驾驶人', '押运员', '装卸工', '搬运工', '架子工', '木工', '瓦工', '钢筋工',
  '油漆工', '起重工', '信号工', '爆破员', '安全员', '安全管理人员', '安全主管', '技术员', '工程师', '施工员', '班组长', '班长',
  '组长', '队长', '车间主任', '主任', '经理', '厂长', '矿长', '站长', '店长', '店主', '老板', '业主', '房东', '租户', '承租人',
  '出租人', '承包人', '负责人', '实际控制人', '法定代表人', '法人代表', '经营者', '投资人', '股东', '当事人', '被处罚人',
  '违法行为人', '行为人', '委托代理人', '代理人', '联系人', '证人', '见证人', '目击者', '伤者', '死者', '受害人', '被害人',
  '举报人', '投诉人', '报案人', '监护人', '家属', '亲属', '妻子', '丈夫', '儿子', '女儿', '父亲', '母亲', '户主', '村民',
  '居民', '学徒', '保安', '门卫', '仓管员', '保管员', '库管员', '会计', '出纳', '工作人员', '雇员', '临时工', '农民工',
]
  .sort((a, b) => b.length - a.length)
  .map(escapeRegExp);
const ROLE_BEFORE_NAME = new RegExp(`(?:${ROLE_WORDS.join('|')})(?:[：:\\s]{0,2}|为|是)`, 'gu');
const NAME_LABEL = /(?:姓名|名叫|叫做|名为|化名)\s*[：:]?\s*/gu;
const SEX_AFTER_NAME = /[，,（(、\s]{1,2}[男女](?=[，,）)、\s;；。]|$)/gu;
const NAME_LIST_JOINER = /^(?:、|和|及|与|，)/u;

/** Characters a given name hardly ever holds: words that follow a name are read as such, not as part of it. */
const NOT_IN_GIVEN_NAME = new Set([...'在称说等的了也都因未已擅违被把将对是让使曾系讲拒不没并即又还就便则却其该此这那个驾操签持于当们人员工男女岁年月日时分号某及与到所之叫名姓']);
/** Characters that may follow a name. */
const AFTER_NAME = new Set([...'在于称说等和与及的对向将把被是为了也都因未已擅违无持操进驾负签确承认陈证经到从自让使由受所现曾系作讲表供交提拒不没并即又还就便则却之其该此这那个男女当今同均仍亦拟予应须需会能可给跟替随用按依私等超酒醉闯逆冒故偷盗隐虚、']);
/** Words after a role that start with a surname but are no name (工人高处作业, 负责人安全意识, 工人全部). */
const NOT_A_NAME = new Set(
  (
    '高处 高空 高温 高压 高度 高层 安全 安装 安排 安置 方面 方可 方式 方向 方案 方法 全部 全体 全员 全面 全程 马上 常年 常规 ' +
    '常用 师傅 时间 时候 于是 应当 应该 应急 文明 文件 明确 明显 平时 平均 平台 同时 同样 同意 余下 任何 任意 曾经 单位 单独 ' +
    '上岗 上班 上述 向其 何时 许可 许多 金属 金额 车辆 车间 包括 包装 管理 管道 路面 原因 原来 成为 成员 关于 关闭 关键 黄色 ' +
    '红色 白色 白天 蓝色 夏季 冬季 严重 严格 陈述 项目 经营 经理 经过 公司 公安 公共 司机 左侧 右侧 齐全 危险 石油 宁可 能够 ' +
    '水泥 易燃 易爆 宗教 程序 程度 周边 周围 周末 周期 解决 解除 卫生 尚未 施工 施行 范围 雷电 井下 井口 房屋 房间 房东 谈话 ' +
    '季度 尤其 杜绝 申请 申报 申辩 冷却 冷库 简易 简单 权利 权限 温度 家属 家庭 国家 有关 有限 有效 有的 年度 年龄 福利 左右 ' +
    '水平 都是 后果 后期 公众 公示 公开 能力 连续 连接 从事 从业 从而 从严 步骤 满足 支付 支持 强制 强化 广告 广场 相关 相应 ' +
    '毛病 钟点 龙头 万元 万一 牛奶 米 查处 查明 查看 查获 查实 阳台 江边 海边 山上 山下 田间 林业 石头 花费 封闭 封存 吉祥 ' +
    '明火 凌晨 傅 和解 东侧 西侧 南侧 北侧 东面 西面 南面 北面 夜间 凭证 齐备 双方 双人 邵 单人 戴好 戴上 甘愿 华丽 苗头'
  ).split(' '),
);

function isGivenNameCharacter(character: string): boolean {
  return isHan(character) && !NOT_IN_GIVEN_NAME.has(character);
}

/** A surname and a given name of one or two characters at `index`, ending where a name may end. */
function nameAt(text: string, index: number): string | null {
  const surname = surnameAt(text, index);
  if (!surname) return null;
  const givenStart = index + surname.length;
  if (text.charAt(givenStart) === '某' || NOT_A_NAME.has(text.slice(index, index + 2))) return null;
  for (const length of [2, 1]) {
    const given = text.slice(givenStart, givenStart + length);
    if (given.length !== length || ![...given].every(isGivenNameCharacter)) continue;
    const next = text.charAt(givenStart + length);
    if (next === '' || !isHan(next) || AFTER_NAME.has(next) || startsWithRole(text, givenStart + length)) return surname + given;
  }
  return null;
}

const ROLE_HERE = new RegExp(ROLE_BEFORE_NAME.source, 'uy');

function startsWithRole(text: string, index: number): boolean {
  ROLE_HERE.lastIndex = index;
  return ROLE_HERE.test(text);
}

/** Any name after a label (姓名：阿依古丽): two to four characters, whatever the surname. */
function labelledNameAt(text: string, index: number): string | null {
  const run = /^[\p{sc=Han}·]{2,6}/u.exec(text.slice(index, index + 6))?.[0] ?? '';
  let name = '';
  for (const character of run) {
    if (name.length >= 2 && (NOT_IN_GIVEN_NAME.has(character) || AFTER_NAME.has(character))) break;
    name += character;
  }
  return [...name.replace(/·/g, '')].length >= 2 && !name.includes('某') && name.length <= 4 ? name : null;
}

function markUnrecordedNames(normal: string, view: View, spans: Spans, known: ReadonlySet<string>, publicNames: ReadonlySet<string>): void {
  const { text } = view;
  const found = new Set<string>();
  const mark = (index: number, name: string): void => {
    const [start, end] = view.span(index, index + name.length);
    if (known.has(name) || publicNames.has(name) || !spans.free(start, end)) return;
    spans.add({ start, end, strength: STRENGTH.name, replacement: maskName(name), doubt: DOUBT_CODES.unrecordedName });
    found.add(name);
  };
  const markWithList = (index: number, name: string): void => {
    mark(index, name);
    // 工人王小明、李大成: the names listed after the first one.
    let at = index + name.length;
    for (let joiner = NAME_LIST_JOINER.exec(text.slice(at, at + 1)); joiner; joiner = NAME_LIST_JOINER.exec(text.slice(at, at + 1))) {
      const next = nameAt(text, at + joiner[0].length);
      if (!next) break;
      mark(at + joiner[0].length, next);
      at += joiner[0].length + next.length;
    }
  };
  for (const role of matches(ROLE_BEFORE_NAME, text)) {
    const at = role.index + role[0].length;
    const name = nameAt(text, at);
    if (name) markWithList(at, name);
  }
  for (const label of matches(NAME_LABEL, text)) {
    const at = label.index + label[0].length;
    const name = labelledNameAt(text, at);
    if (name) mark(at, name);
  }
  for (const sex of matches(SEX_AFTER_NAME, text)) {
    for (const length of [4, 3, 2]) {
      const start = sex.index - length;
      if (start < 0) continue;
      const candidate = text.slice(start, sex.index);
      const boundary = start === 0 || !isHan(text.charAt(start - 1));
      if (boundary && nameAt(text, start) === candidate) {
        mark(start, candidate);
        break;
      }
    }
  }
  // The same names wherever else they appear, without another doubt.
  for (const name of found) {
    for (const match of matches(new RegExp(spreadOut(name, NAME_GAP), 'gu'), normal)) {
      if (spans.free(match.index, match.index + match[0].length)) {
        spans.add({ start: match.index, end: match.index + match[0].length, strength: STRENGTH.name, replacement: maskName(name) });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Pinyin names
// ---------------------------------------------------------------------------------------------------------------------

const PINYIN_SYLLABLES = new Set(
  (
    'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha chai ' +
    'chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo ' +
    'da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang ' +
    'fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao ' +
    'he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ' +
    'ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian ' +
    'liang liao lie lin ling liu lo long lou lu luan lun luo lv lve lyu ma mai man mang mao me mei men meng mi mian miao mie ' +
    'min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve ' +
    'nyu o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu ' +
    'qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan ' +
    'shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai ' +
    'tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian ' +
    'xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan ' +
    'zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun ' +
    'zhuo zi zong zou zu zuan zui zun zuo'
  ).split(' '),
);
const PINYIN_SURNAMES = new Set(
  (
    'li wang zhang liu chen yang zhao huang zhou wu xu sun hu zhu gao lin he guo ma luo liang song zheng xie han tang feng yu ' +
    'dong xiao cheng cao yuan deng fu shen zeng peng lu su jiang cai jia ding wei xue ye yan pan du dai xia zhong tian ren fan ' +
    'fang shi yao tan liao zou xiong jin hao kong bai cui kang mao qiu qin gu hou shao meng long wan duan lei qian yin yi chang ' +
    'qiao lai gong wen ou ran mu xiang tu lan tao hong shu niu lv lyu ouyang situ shangguan zhuge sima dongfang huangfu murong'
  ).split(' '),
);

/** How many pinyin syllables a word splits into (xiaoming → 2), or 0 when it is no pinyin. */
function pinyinSyllables(word: string): number {
  const lower = word.toLowerCase();
  const best: number[] = new Array<number>(lower.length + 1).fill(0);
  best[0] = 1;
  for (let end = 1; end <= lower.length; end += 1) {
    for (let start = Math.max(0, end - 6); start < end; start += 1) {
      const before = best[start] ?? 0;
      if (before > 0 && PINYIN_SYLLABLES.has(lower.slice(start, end)) && (best[end] === 0 || before + 1 < (best[end] ?? 0))) best[end] = before + 1;
    }
  }
  return (best[lower.length] ?? 0) - 1;
}

const LATIN_WORDS = /[A-Za-z]+(?:[\s·.\-_]{1,2}[A-Za-z]+){0,2}/gu;
const wellCased = (word: string): boolean => /^(?:[A-Z][a-z]*|[A-Z]+|[a-z]+)$/u.test(word);

/** Li Xiaoming, XIAOMING LI, LiXiaoming, li xiao ming: a surname and one to three syllables. */
function isPinyinName(words: readonly string[]): boolean {
  if (words.length < 2 || words.length > 4 || !words.every(wellCased)) return false;
  const syllables = words.map(pinyinSyllables);
  if (syllables.some((count) => count <= 0 || count > 3)) return false;
  const total = syllables.reduce((sum, count) => sum + count, 0);
  const surnameFirst = PINYIN_SURNAMES.has((words[0] ?? '').toLowerCase());
  const surnameLast = PINYIN_SURNAMES.has((words[words.length - 1] ?? '').toLowerCase());
  return (surnameFirst || surnameLast) && total >= 2 && total <= 4;
}

function markPinyinNames(text: string, spans: Spans): void {
  for (const match of matches(LATIN_WORDS, text)) {
    const end = match.index + match[0].length;
    // A Latin word glued to digits is a code (MA5U3XQ128), no name.
    if (/[0-9]/.test(text.charAt(match.index - 1)) || /[0-9]/.test(text.charAt(end)) || !spans.free(match.index, end)) continue;
    const words = match[0].split(/[\s·.\-_]+/u).flatMap((word) => (/^[A-Z][a-z]+[A-Z][a-z]+$/u.test(word) ? (word.match(/[A-Z][a-z]+/gu) ?? []) : [word]));
    if (isPinyinName(words)) spans.add({ start: match.index, end, strength: STRENGTH.redact, replacement: REDACTED, doubt: DOUBT_CODES.pinyinName });
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Putting it together
// ---------------------------------------------------------------------------------------------------------------------

/** The words that may stand before a given name written alone (小明称, 其子小明). */
const BEFORE_GIVEN_NAME = new Set([...'人员工子女儿妻夫友称叫名为是和与及、']);

function markRecorded(text: string, spans: Spans, persons: CompiledPersons): void {
  if (persons.values) {
    for (const match of matches(persons.values, text)) {
      const [start, end] = withNumberPunctuation(text, match.index, match.index + match[0].length, spans);
      spans.add({ start, end, strength: STRENGTH.redact, replacement: REDACTED });
    }
  }
  for (const { pattern, mask } of persons.names) {
    for (const match of matches(pattern, text)) spans.add({ start: match.index, end: match.index + match[0].length, strength: STRENGTH.name, replacement: mask });
  }
  for (const { pattern, mask } of persons.givenNames) {
    for (const match of matches(pattern, text)) {
      const before = text.charAt(match.index - 1);
      const after = text.charAt(match.index + match[0].length);
      const standsAlone = (before === '' || !isHan(before) || BEFORE_GIVEN_NAME.has(before)) && (after === '' || !isHan(after) || AFTER_NAME.has(after));
      if (standsAlone && spans.free(match.index, match.index + match[0].length)) {
        spans.add({ start: match.index, end: match.index + match[0].length, strength: STRENGTH.name, replacement: mask });
      }
    }
  }
}

interface Replacement {
  from: number;
  to: number;
  strength: Strength;
  replacements: Set<string>;
  doubts: string[];
}

function replacementText(replacement: Replacement): string {
  if (replacement.strength === STRENGTH.health) return HEALTH_REDACTED;
  if (replacement.strength === STRENGTH.redact || replacement.replacements.size !== 1) return REDACTED;
  return [...replacement.replacements][0] ?? REDACTED;
}

function excerptAround(text: string, at: number, length: number): string {
  const start = Math.max(0, at - 12);
  return text.slice(start, Math.min(text.length, at + length + 12, start + 40));
}

function redactWith(text: string, persons: CompiledPersons, publicNames: ReadonlySet<string>): Redacted<string> {
  if (text === '') return { value: text, doubts: [] };
  const mapped = normalizeMapped(text);
  const normal = mapped.text;
  const spans = new Spans(normal.length);
  markHealth(normal, spans);
  markRecorded(normal, spans, persons);
  keepPublicIdentifiers(normal, spans);
  markPatterns(normal, spans);
  const compact = withoutSpaces(normal);
  markAddresses(compact, spans);
  markNumbers(normal, spans);
  markUnrecordedNames(normal, compact, spans, persons.nameCores, publicNames);
  markPinyinNames(normal, spans);
  if (spans.list.length === 0) return { value: text, doubts: [] };

  // Spans become ranges of the original; overlapping or touching ones become one replacement.
  const replacements: Replacement[] = [];
  for (const span of [...spans.list].sort((a, b) => a.start - b.start)) {
    const from = mapped.from[span.start] ?? 0;
    const to = mapped.to[span.end - 1] ?? from;
    const previous = replacements[replacements.length - 1];
    const joins = previous && (from < previous.to || (from === previous.to && span.strength !== STRENGTH.name && previous.strength !== STRENGTH.name));
    if (previous && joins) {
      previous.to = Math.max(previous.to, to);
      previous.strength = Math.max(previous.strength, span.strength) as Strength;
      previous.replacements.add(span.replacement);
      if (span.doubt) previous.doubts.push(span.doubt);
    } else replacements.push({ from, to, strength: span.strength, replacements: new Set([span.replacement]), doubts: span.doubt ? [span.doubt] : [] });
  }
  let value = '';
  let cursor = 0;
  const placed: { at: number; length: number; doubts: readonly string[] }[] = [];
  for (const replacement of replacements) {
    value += text.slice(cursor, replacement.from);
    const written = replacementText(replacement);
    placed.push({ at: value.length, length: written.length, doubts: replacement.doubts });
    value += written;
    cursor = replacement.to;
  }
  value += text.slice(cursor);
  const doubts = placed.flatMap(({ at, length, doubts: codes }) => [...new Set(codes)].map((code) => ({ code, excerpt: excerptAround(value, at, length) })));
  return { value, doubts };
}

const publicNameSet = (names: readonly string[] | undefined): ReadonlySet<string> => new Set((names ?? []).map(nameCore).filter((name) => name !== ''));

/** Removes personal data from one text; what it could only guess at is cleaned too and reported in `doubts`. */
export function redactText(text: string, persons: readonly NaturalPerson[] = NO_PERSONS, options: RedactionOptions = {}): Redacted<string> {
  return redactWith(text, compilePersons(persons), publicNameSet(options.publicNames));
}

/** Applies `redactText` to every string of a JSON-like value, but those under a path `keep` accepts. */
export function redactDeep<T>(value: T, persons: readonly NaturalPerson[] = NO_PERSONS, options: RedactDeepOptions = {}): Redacted<T> {
  const compiled = compilePersons(persons);
  const publicNames = publicNameSet(options.publicNames);
  const doubts: RedactionDoubt[] = [];
  const walk = (item: unknown, path: readonly (string | number)[]): unknown => {
    if (options.keep?.(path)) return item;
    if (typeof item === 'string') {
      const redacted = redactWith(item, compiled, publicNames);
      doubts.push(...redacted.doubts);
      return redacted.value;
    }
    if (Array.isArray(item)) return item.map((element: unknown, index) => walk(element, [...path, index]));
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, element]: [string, unknown]) => [key, walk(element, [...path, key])]));
    }
    return item;
  };
  return { value: walk(value, []) as T, doubts };
}
