import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type Browser, chromium } from 'playwright-core';
import { isIdNumber } from '../../src/shared/domain/credit-code.js';
import { normalizeForMatching } from '../../src/publication/domain/redaction.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { COMPANY, type Staff, fineOnTheSpot, setUpAgency } from '../support/cases.js';

/**
 * Decisions whose free texts are the adversarial corpus and texts about generated people in every disguise, walked
 * through the API as officers and reviewers do, then read in Chromium as the public reads them: the rendered text of
 * every public page holds none of the personal data.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface CorpusPerson {
  readonly role: string;
  readonly name: string;
  readonly idNumber?: string | null;
  readonly phone?: string | null;
  readonly address?: string | null;
}
interface CorpusEntry {
  readonly id: string;
  readonly kind: string;
  readonly text: string;
  readonly persons: readonly CorpusPerson[];
  readonly secrets: readonly string[];
  readonly publicNames?: readonly string[];
}
const corpus = JSON.parse(readFileSync(new URL('../publication/redaction-corpus.json', import.meta.url), 'utf8')) as CorpusEntry[];
// The negative entries hold nothing to hide, and the one with a public name belongs to another party.
const ADVERSARIAL = corpus.filter((entry) => entry.kind !== 'negative' && entry.secrets.length > 0 && !entry.publicNames);
const ENTRIES_PER_CASE = 8;

// ---- Generated people ---------------------------------------------------------------------------------------------

const SURNAMES = [...'王李张刘陈杨黄吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞平刚桂英华建志玉兰德红梅春海波鹏宇浩辉俊峰晨雪琳婷欣怡轩嘉豪思佳琪宏斌'];
const ROADS = [...'幸福和平人民建设解放胜利团结新华光明长江黄河龙岗海棠昌州北山棠香'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const pad = (value: number, length: number): string => String(value).padStart(length, '0');

const personName = fc.tuple(fc.constantFrom(...SURNAMES), fc.constantFrom(...GIVEN), fc.constantFrom(...GIVEN)).map((parts) => parts.join(''));
const street = fc
  .tuple(fc.constantFrom(...ROADS), fc.constantFrom(...ROADS), fc.constantFrom('路', '街', '大道'), fc.integer({ min: 1, max: 999 }))
  .map(([a, b, kind, house]) => `${a}${b}${kind}${house}号`);
const generated = fc.record({
  operator: personName,
  worker: personName,
  injured: personName,
  region: fc.constantFrom('500225', '500111', '510102', '440305'),
  birth: fc.record({ year: fc.integer({ min: 1950, max: 1999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }),
  sequence: fc.integer({ min: 100, max: 999 }),
  mobile: fc.tuple(fc.constantFrom('138', '139', '150', '177', '186'), fc.integer({ min: 10_000_000, max: 99_999_999 })).map(([a, b]) => `${a}${b}`),
  injuredMobile: fc.tuple(fc.constantFrom('135', '158', '189'), fc.integer({ min: 10_000_000, max: 99_999_999 })).map(([a, b]) => `${a}${b}`),
  mailbox: fc.stringMatching(/^[a-z]{4,8}$/),
  home: street,
  shopStreet: street,
  unit: fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 101, max: 2999 })),
});
type Drawn = typeof generated extends fc.Arbitrary<infer T> ? T : never;
type Generated = ReturnType<typeof withValues>;

function withValues(g: Drawn) {
  const first17 = `${g.region}${g.birth.year}${pad(g.birth.month, 2)}${pad(g.birth.day, 2)}${g.sequence}`;
  const idNumber = first17 + '10X98765432'.charAt(ID_WEIGHTS.reduce((sum, weight, i) => sum + weight * Number(first17.charAt(i)), 0) % 11);
  const oldIdNumber = `${g.region}${pad(g.birth.year % 100, 2)}${pad(g.birth.month, 2)}${pad(g.birth.day, 2)}${g.sequence}`;
  const [building, unit, room] = g.unit;
  const secondStreet = `${g.home.slice(0, -1)}${(Number(/\d+/.exec(g.home)?.[0] ?? 1) % 900) + 11}号`;
  return {
    ...g,
    idNumber,
    oldIdNumber,
    email: `${g.mailbox}${g.birth.year}@163.com`,
    address: `重庆市大足区龙岗街道${g.home}`,
    secondAddress: `重庆市大足区棠香街道${secondStreet}${building}栋${unit}单元${room}室`,
    secondStreet,
  };
}

const zeroWidth = (text: string): string => [...text].join('\u200b');
const parenthesised = (mobile: string): string => `(${mobile.slice(0, 3)})${mobile.slice(3, 7)}-${mobile.slice(7)}`;

/** Every disguise of the issue: the old ID, the phone in parentheses and with zero-width spaces, e-mail, a second address, a street in the text, and the names of others. */
function disguisedText(p: Generated): string {
  return (
    `经查，经营者${p.operator}（旧身份证号${p.oldIdNumber}）在${p.shopStreet}门市违规储存烟花爆竹，联系电话${parenthesised(p.mobile)}，` +
    `备用电话${zeroWidth(p.mobile)}，电子邮箱${p.email}，另住${p.secondAddress}；从业人员${p.worker}未经安全培训上岗，` +
    `${p.injured}（电话${p.injuredMobile.slice(0, 3)} ${p.injuredMobile.slice(3, 7)} ${p.injuredMobile.slice(7)}）当日在店内搬运货物。`
  );
}

const secretsOf = (p: Generated): string[] => [
  p.operator,
  p.operator.slice(1),
  p.worker,
  p.injured,
  p.idNumber,
  p.oldIdNumber,
  p.mobile,
  p.injuredMobile,
  p.email,
  p.mailbox,
  p.shopStreet,
  p.home,
  p.secondStreet,
];

// ---- What a reader may not find -----------------------------------------------------------------------------------

const squashed = (text: string): string => normalizeForMatching(text).toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const digitsOf = (text: string): string => text.toUpperCase().replace(/[^0-9X]/g, '');
const isNumber = (secret: string): boolean => /^[\d\sXx+\-()]+$/u.test(normalizeForMatching(secret));

/**
 * Numbers by their digits between Chinese characters, anything else with separators and disguises stripped. On a
 * rendered page, the line breaks and tabs innerText puts between blocks and cells also part numbers: a newline inside
 * a text would have been rendered as a space.
 */
function surviving(text: string, secrets: readonly string[], rendered = true): string[] {
  const runs = normalizeForMatching(text).split(rendered ? /[\p{sc=Han}\n\t]+/u : /\p{sc=Han}+/u).map(digitsOf);
  const letters = squashed(text);
  return secrets.filter((secret) => (isNumber(secret) ? runs.some((run) => run.includes(digitsOf(normalizeForMatching(secret)))) : letters.includes(squashed(secret))));
}

// ---- The decisions ------------------------------------------------------------------------------------------------

let t: TestApp;
let staff: Staff;
let browser: Browser | undefined;
let base: string;
const clock = new ControlledClock(new Date('2026-03-02T12:00:00+08:00'));
const secrets = new Set<string>();
/** What the officers recorded, as they wrote it: the check that finds nothing on the pages must find every secret here. */
const written: string[] = [];
const decisionIds: string[] = [];
let held = 0;

const post = (token: string, path: string, body: object) => t.http().post(path).auth(token, { type: 'bearer' }).send(body);

/** Only what the API accepts of a corpus person: a check digit that does not add up is left out, as an officer would find it refused. */
function recordable(person: CorpusPerson): object {
  const phone = person.phone && /^[\d+\- ]{5,20}$/.test(person.phone) ? { phone: person.phone } : {};
  return {
    role: person.role,
    name: person.name,
    ...(person.idNumber && isIdNumber(person.idNumber) ? { idNumber: person.idNumber } : {}),
    ...phone,
    ...(person.address ? { address: person.address } : {}),
  };
}

async function decide(party: object, persons: readonly object[], texts: readonly string[], number: string): Promise<void> {
  written.push(JSON.stringify(party), ...persons.map((person) => JSON.stringify(person)), ...texts);
  const caseId = await fineOnTheSpot(t, staff, {
    party,
    persons,
    violations: texts.map((description) => ({ description, legalBasis: '《中华人民共和国安全生产法》第一百零一条' })),
    decisionNumber: number,
  });
  decisionIds.push(caseId);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: 30_000 });
  t = await startTestApp({ clock });
  staff = await setUpAgency(t);

  for (let i = 0; i * ENTRIES_PER_CASE < ADVERSARIAL.length; i += 1) {
    const entries = ADVERSARIAL.slice(i * ENTRIES_PER_CASE, (i + 1) * ENTRIES_PER_CASE);
    // An e-mail written with (at) and (dot) is found by its mailbox name.
    for (const entry of entries) for (const secret of entry.secrets) secrets.add(secret.includes('@') ? secret.split('@')[0] ?? secret : secret);
    const persons = entries.flatMap((entry) => entry.persons.map(recordable));
    await decide(COMPANY, persons, entries.map((entry) => entry.text), `大足应急简罚〔2026〕${200 + i}号`);
  }
  const people = fc.sample(generated, { seed: 20_260_302, numRuns: 10 }).map(withValues);
  for (const [i, p] of people.entries()) {
    for (const secret of secretsOf(p)) secrets.add(secret);
    const shop = { kind: 'person', name: `大足区${p.shopStreet.slice(0, 2)}五金店`, idNumber: p.idNumber, phone: p.mobile, address: p.address };
    const persons = [
      { role: 'operator', name: p.operator, idNumber: p.idNumber, phone: p.mobile, address: p.secondAddress },
      { role: 'worker', name: p.worker },
      { role: 'injured', name: p.injured, phone: p.injuredMobile },
    ];
    await decide(shop, persons, [disguisedText(p)], `大足应急简罚〔2026〕${300 + i}号`);
  }
  await t.settle();

  // What redaction doubted is held: a reviewer confirms the redacted draft, then every record is published.
  const reviews = await t.http().get('/api/publications/redaction-reviews').auth(staff.reviewer.token, { type: 'bearer' }).expect(200);
  held = reviews.body.items.length as number;
  for (const { publicationId } of reviews.body.items as { publicationId: string }[]) {
    await post(staff.reviewer.token, `/api/publications/${publicationId}/redaction-release`, { occurredAt: '2026-03-02T10:00:00+08:00' }).expect(201);
  }
  await t.settle();
  for (const id of decisionIds) await post(staff.officerA.token, `/api/publications/${id}/publish`, { occurredAt: '2026-03-02T11:00:00+08:00' }).expect(201);
  await t.settle();
  const server = (await t.app.listen(0, '127.0.0.1')) as { address(): AddressInfo };
  base = `http://127.0.0.1:${server.address().port}`;
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the public pages of decisions written from the corpus and generated people, in Chromium', () => {
  it('render no name, ID number (18 or 15 digits, in any disguise), phone, e-mail or address of any of them', async () => {
    expect(held).toBeGreaterThan(0);
    const recorded = written.join('案');
    const found = new Set(surviving(recorded, [...secrets], false));
    expect([...secrets].filter((secret) => !found.has(secret))).toEqual([]);
    const context = await (browser as Browser).newContext({ locale: 'zh-CN', javaScriptEnabled: false });
    const page = await context.newPage();
    const pages: { url: string; text: string }[] = [];
    const read = async (url: string): Promise<void> => {
      const response = await page.goto(url);
      expect({ url, status: response?.status() }).toEqual({ url, status: 200 });
      pages.push({ url, text: await page.evaluate<string>('document.body.innerText') });
    };
    for (let n = 1; n <= Math.ceil(decisionIds.length / 20); n += 1) await read(`${base}/public/?kind=penalty&page=${n}`);
    for (const id of decisionIds) await read(`${base}/public/decisions/${id}`);
    await read(`${base}/public/bulletins`);
    await context.close();

    expect(pages.filter(({ text }) => text.includes('大足应急简罚〔2026〕')).length).toBe(pages.length - 1);
    const leaks = pages.map(({ url, text }) => ({ url, surviving: surviving(text, [...secrets]) })).filter((p) => p.surviving.length > 0);
    expect(leaks).toEqual([]);
  }, 180_000);
});
