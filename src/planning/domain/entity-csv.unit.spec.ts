import { describe, expect, it } from '@jest/globals';
import { isCreditCode } from '../../shared/domain/credit-code.js';
import { creditCode } from '../../shared/testing/credit-codes.js';
import { parseEntityCsv } from './entity-csv.js';

const A = creditCode(1);
const B = creditCode(2);
const C = creditCode(3);
/** A's code with its check character changed. */
const WRONG = `${A.slice(0, 17)}${A.endsWith('0') ? '1' : '0'}`;

describe('the entity CSV', () => {
  it('reads a well-formed file in any column order, with quoted fields and Chinese headers and levels', () => {
    expect([A, B, C].every(isCreditCode)).toBe(true);
    const csv = [
      '统一社会信用代码,名称,行业,风险等级,地址',
      `${A},重庆某机械制造有限公司,工贸,较大,"大足区龙岗街道某工业园3号厂房"`,
      `${B.toLowerCase()},"某化工有限公司, 二分厂",危险化学品,major,"大足区""双桥""经开区"`,
      '',
      `${C},某矿业有限公司,非煤矿山,一般,"大足区
某镇"`,
    ].join('\r\n');
    const parsed = parseEntityCsv(csv);
    expect(parsed.invalid).toEqual([]);
    expect(parsed.entities).toEqual([
      { line: 2, entity: { creditCode: A, name: '重庆某机械制造有限公司', sector: '工贸', riskLevel: 'high', address: '大足区龙岗街道某工业园3号厂房' } },
      { line: 3, entity: { creditCode: B, name: '某化工有限公司, 二分厂', sector: '危险化学品', riskLevel: 'major', address: '大足区"双桥"经开区' } },
      { line: 5, entity: { creditCode: C, name: '某矿业有限公司', sector: '非煤矿山', riskLevel: 'medium', address: '大足区\n某镇' } },
    ]);
  });

  it('reports every malformed line with its number: wrong credit code, missing fields, duplicates, bad level', () => {
    const csv = [
      'name,creditCode,sector,riskLevel,address',
      `甲公司,${A},工贸,low,大足区1号`,
      `乙公司,${WRONG},工贸,low,大足区2号`,
      `丙公司,,工贸,low,大足区3号`,
      `丁公司,${B},工贸,low`,
      `戊公司,${A},工贸,high,大足区5号`,
      `己公司,${C},工贸,extreme,大足区6号`,
      `庚公司,${creditCode(4)},工贸,medium,大足区7号`,
    ].join('\n');
    const parsed = parseEntityCsv(csv);
    expect(parsed.entities.map((e) => e.line)).toEqual([2, 8]);
    expect(parsed.invalid).toEqual([
      { line: 3, problems: [{ field: 'creditCode', message: expect.stringContaining('valid check character') }] },
      { line: 4, problems: [{ field: 'creditCode', message: 'creditCode is missing' }] },
      {
        line: 5,
        problems: [
          { field: 'line', message: 'has 4 fields, the header has 5' },
          { field: 'address', message: 'address is missing' },
        ],
      },
      { line: 6, problems: [{ field: 'creditCode', message: `${A} is already on line 2` }] },
      { line: 7, problems: [{ field: 'riskLevel', message: expect.stringContaining('riskLevel must be one of') }] },
    ]);
  });

  it('refuses a header without a required column, an empty file and an unclosed quote', () => {
    expect(parseEntityCsv('name,creditCode,sector,address\n').invalid).toEqual([
      { line: 1, problems: [{ field: 'riskLevel', message: 'the header has no riskLevel column' }] },
    ]);
    expect(parseEntityCsv('\n\n').invalid).toEqual([{ line: 1, problems: [{ field: 'header', message: 'the file is empty' }] }]);
    expect(parseEntityCsv(`name,creditCode,sector,riskLevel,address\n"甲公司,${A},工贸,low,x\n`).invalid).toEqual([
      { line: 2, problems: [{ field: 'line', message: 'a quoted field is not closed' }] },
    ]);
  });
});
