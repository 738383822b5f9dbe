import { type CalendarDate, isCalendarDate } from '../../shared/domain/calendar-date.js';

export type DecisionKind = 'penalty' | 'licensing';

export interface DecisionSearch {
  /** null: penalty and licensing decisions together. */
  readonly kind: DecisionKind | null;
  readonly party: string | null;
  readonly from: CalendarDate | null;
  readonly to: CalendarDate | null;
  readonly page: number;
}

export interface QueryProblem {
  readonly field: string;
  /** The field's label on the page, so the message names what the reader filled in. */
  readonly label: string;
  readonly message: string;
}

/** Query parameters that a public page cannot answer: shown as a 400 page listing each problem. */
export class BadPublicQuery extends Error {
  constructor(readonly problems: readonly QueryProblem[]) {
    super(`Invalid query: ${problems.map((p) => p.field).join(', ')}`);
    this.name = 'BadPublicQuery';
  }
}

export const LABELS = {
  kind: '决定类别',
  party: '当事人',
  from: '决定日期（起）',
  to: '决定日期（止）',
  page: '页码',
  month: '月份',
} as const;

export const MAX_PAGE = 100_000;
export const MAX_PARTY_LENGTH = 100;

type Raw = Readonly<Record<string, unknown>>;

/**
 * One parameter as text. A search form sends its empty fields as `name=`, so an empty value means "not given";
 * a parameter given twice is refused rather than one of them picked silently.
 */
function text(raw: Raw, field: keyof typeof LABELS, problems: QueryProblem[]): string | null {
  const value = raw[field];
  if (value === undefined) return null;
  if (typeof value !== 'string') {
    problems.push({ field, label: LABELS[field], message: '只能填写一次' });
    return null;
  }
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function page(raw: Raw, problems: QueryProblem[]): number {
  const value = text(raw, 'page', problems);
  if (value === null) return 1;
  if (!/^[1-9]\d{0,5}$/.test(value) || Number(value) > MAX_PAGE) {
    problems.push({ field: 'page', label: LABELS.page, message: `须为 1 至 ${MAX_PAGE} 之间的整数` });
    return 1;
  }
  return Number(value);
}

function date(raw: Raw, field: 'from' | 'to', problems: QueryProblem[]): CalendarDate | null {
  const value = text(raw, field, problems);
  if (value === null) return null;
  if (!isCalendarDate(value)) {
    problems.push({ field, label: LABELS[field], message: '须为有效日期，格式 YYYY-MM-DD' });
    return null;
  }
  return value;
}

/** The search of `/public/`; parameters it does not know are ignored (links may carry tracking parameters). */
export function parseDecisionSearch(raw: Raw): DecisionSearch {
  const problems: QueryProblem[] = [];
  const kindText = text(raw, 'kind', problems);
  let kind: DecisionKind | null = null;
  if (kindText === 'penalty' || kindText === 'licensing') kind = kindText;
  else if (kindText !== null) problems.push({ field: 'kind', label: LABELS.kind, message: '须为行政处罚或行政许可' });
  const party = text(raw, 'party', problems);
  if (party !== null && [...party].length > MAX_PARTY_LENGTH) {
    problems.push({ field: 'party', label: LABELS.party, message: `不超过 ${MAX_PARTY_LENGTH} 个字` });
  }
  const from = date(raw, 'from', problems);
  const to = date(raw, 'to', problems);
  if (from !== null && to !== null && from > to) {
    problems.push({ field: 'to', label: LABELS.to, message: '不能早于决定日期（起）' });
  }
  const result = { kind, party, from, to, page: page(raw, problems) };
  if (problems.length > 0) throw new BadPublicQuery(problems);
  return result;
}

/** The page number of a list that takes nothing else. */
export function parsePage(raw: Raw): number {
  const problems: QueryProblem[] = [];
  const result = page(raw, problems);
  if (problems.length > 0) throw new BadPublicQuery(problems);
  return result;
}

/** A bulletin's month, `YYYY-MM`. */
export function parseMonth(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) {
    throw new BadPublicQuery([{ field: 'month', label: LABELS.month, message: '须为 YYYY-MM 格式的月份' }]);
  }
  return value;
}

/** The query string of a search, without empty parameters and without page 1, so that links stay short. */
export function searchQuery(search: DecisionSearch, page = search.page): string {
  const params = new URLSearchParams();
  if (search.kind) params.set('kind', search.kind);
  if (search.party) params.set('party', search.party);
  if (search.from) params.set('from', search.from);
  if (search.to) params.set('to', search.to);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}
