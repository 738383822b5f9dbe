import { isCreditCode } from '../../shared/domain/credit-code.js';
import { type PoolEntity, RISK_LEVELS, type RiskLevel } from './draw.js';

/**
 * The CSV import of the entity directory (名录库): RFC 4180 (quoted fields may hold commas, quotes and line breaks),
 * UTF-8, a header row naming the columns in any order, English or Chinese. Every line is checked; a bad line is
 * reported with its number (the header is line 1; a record spanning lines is numbered by its first).
 */
export const CSV_COLUMNS = ['name', 'creditCode', 'sector', 'riskLevel', 'address'] as const;
type Column = (typeof CSV_COLUMNS)[number];

const HEADER_ALIASES: Record<string, Column> = {
  name: 'name',
  名称: 'name',
  单位名称: 'name',
  企业名称: 'name',
  creditcode: 'creditCode',
  统一社会信用代码: 'creditCode',
  sector: 'sector',
  行业: 'sector',
  行业领域: 'sector',
  risklevel: 'riskLevel',
  风险等级: 'riskLevel',
  address: 'address',
  地址: 'address',
  经营地址: 'address',
};

const RISK_ALIASES: Record<string, RiskLevel> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  major: 'major',
  低: 'low',
  低风险: 'low',
  一般: 'medium',
  一般风险: 'medium',
  较大: 'high',
  较大风险: 'high',
  重大: 'major',
  重大风险: 'major',
};

const LIMITS: Record<Column, number> = { name: 200, creditCode: 18, sector: 50, riskLevel: 10, address: 300 };
export const MAX_CSV_LINES = 5_000;

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}
export interface LineProblem {
  readonly line: number;
  readonly problems: readonly FieldProblem[];
}
export interface ParsedEntityCsv {
  readonly entities: readonly { readonly line: number; readonly entity: PoolEntity }[];
  readonly invalid: readonly LineProblem[];
}

/** Splits CSV text into records, each with the line on which it starts. */
export function csvRecords(text: string): { line: number; fields: string[] }[] | LineProblem {
  const records: { line: number; fields: string[] }[] = [];
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: start, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < source.length; i += 1) {
    const ch = source.charAt(i);
    if (quoted) {
      if (ch === '"') {
        if (source.charAt(i + 1) === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source.charAt(i + 1) === '\n') i += 1;
      endRecord();
      line += 1;
      start = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) return { line: start, problems: [{ field: 'line', message: 'a quoted field is not closed' }] };
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

const isBlank = (fields: readonly string[]) => fields.every((f) => f.trim() === '');

export function parseEntityCsv(text: string): ParsedEntityCsv {
  const records = csvRecords(text);
  if (!Array.isArray(records)) return { entities: [], invalid: [records] };
  const [header, ...rows] = records.filter((r) => !isBlank(r.fields));
  if (!header) return { entities: [], invalid: [{ line: 1, problems: [{ field: 'header', message: 'the file is empty' }] }] };

  const columns = header.fields.map((name) => HEADER_ALIASES[name.trim().toLowerCase()] ?? HEADER_ALIASES[name.trim()] ?? null);
  const missing = CSV_COLUMNS.filter((c) => !columns.includes(c));
  const repeated = CSV_COLUMNS.filter((c) => columns.filter((x) => x === c).length > 1);
  if (missing.length > 0 || repeated.length > 0) {
    return {
      entities: [],
      invalid: [
        {
          line: header.line,
          problems: [
            ...missing.map((c) => ({ field: c, message: `the header has no ${c} column` })),
            ...repeated.map((c) => ({ field: c, message: `the header names ${c} twice` })),
          ],
        },
      ],
    };
  }
  if (rows.length > MAX_CSV_LINES) {
    return { entities: [], invalid: [{ line: header.line, problems: [{ field: 'file', message: `more than ${MAX_CSV_LINES} lines` }] }] };
  }

  const entities: { line: number; entity: PoolEntity }[] = [];
  const invalid: LineProblem[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const problems: FieldProblem[] = [];
    if (row.fields.length !== header.fields.length) {
      problems.push({ field: 'line', message: `has ${row.fields.length} fields, the header has ${header.fields.length}` });
    }
    const value = (column: Column): string => (row.fields[columns.indexOf(column)] ?? '').trim();
    for (const column of CSV_COLUMNS) {
      const v = value(column);
      if (v === '') problems.push({ field: column, message: `${column} is missing` });
      else if (v.length > LIMITS[column] && column !== 'riskLevel') problems.push({ field: column, message: `${column} is longer than ${LIMITS[column]} characters` });
    }
    const creditCode = value('creditCode').toUpperCase();
    if (creditCode !== '' && !isCreditCode(creditCode)) {
      problems.push({ field: 'creditCode', message: `${value('creditCode')} is not a unified social credit code with a valid check character` });
    }
    const rawRisk = value('riskLevel');
    const riskLevel = RISK_ALIASES[rawRisk.toLowerCase()] ?? RISK_ALIASES[rawRisk];
    if (rawRisk !== '' && !riskLevel) {
      problems.push({ field: 'riskLevel', message: `riskLevel must be one of ${RISK_LEVELS.join(', ')} (低, 一般, 较大, 重大)` });
    }
    if (isCreditCode(creditCode)) {
      const first = firstLineOf.get(creditCode);
      if (first !== undefined) problems.push({ field: 'creditCode', message: `${creditCode} is already on line ${first}` });
      else firstLineOf.set(creditCode, row.line);
    }
    if (problems.length > 0 || !riskLevel) {
      invalid.push({ line: row.line, problems });
      continue;
    }
    entities.push({
      line: row.line,
      entity: { creditCode, name: value('name'), sector: value('sector'), riskLevel, address: value('address') },
    });
  }
  return { entities, invalid };
}
