/**
 * Redaction before anything is public (政府信息公开条例 Art. 15; the 工商 web-publication rules): a natural person's
 * ID number, phone, address and bank account never appear, in any field, free text included, and they are
 * replaced by one and the same mark everywhere.
 */
export const REDACTED = '[已隐去]';

const FULL_WIDTH_DIGITS = /[\uFF10-\uFF19]/g;
const FULL_WIDTH_X = /[\uFF38\uFF58]/g;

/** Full-width digits (０-９) read as digits: an adversary may write a number that way to slip past a filter. */
export function normalizeDigits(text: string): string {
  return text
    .replace(FULL_WIDTH_DIGITS, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xff10 + 0x30))
    .replace(FULL_WIDTH_X, 'X');
}

/** Digits that may be split by spaces, dots or dashes (and their full-width forms). */
const SEP = '[\\s\\u3000.\\-\\uFF0D\\u2010-\\u2015·]*';
const digits = (count: number): string => Array.from({ length: count }, () => '\\d').join(SEP);

const PATTERNS: readonly RegExp[] = [
  // Citizen ID numbers: 17 digits and a check digit or X.
  new RegExp(`(?<!\\d)${digits(17)}${SEP}[\\dXx](?!\\d)`, 'g'),
  // Bank card and account numbers: 16 to 19 digits.
  new RegExp(`(?<!\\d)\\d(?:${SEP}\\d){15,18}(?!\\d)`, 'g'),
  // Mainland mobile numbers, with or without +86.
  new RegExp(`(?:\\+?86${SEP})?(?<!\\d)1${SEP}[3-9](?:${SEP}\\d){9}(?!\\d)`, 'g'),
  // Landlines: an area code and 7 or 8 digits.
  new RegExp(`(?<!\\d)0\\d{2,3}${SEP}(?:\\d${SEP}){6,7}\\d(?!\\d)`, 'g'),
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface PersonalData {
  /** The person's own values, removed wherever they appear (also split by spaces or in full-width digits). */
  readonly values: readonly string[];
}

/** Removes personal data from one text. */
export function redactText(text: string, personal: PersonalData = { values: [] }): string {
  let result = normalizeDigits(text);
  for (const pattern of PATTERNS) result = result.replace(pattern, REDACTED);
  for (const value of personal.values) {
    const normalized = normalizeDigits(value).trim();
    if (normalized.length < 4) continue;
    // Each character of the value, with optional separators between them.
    const loose = [...normalized].map(escapeRegExp).join(SEP);
    result = result.replace(new RegExp(loose, 'gi'), REDACTED);
  }
  return result;
}

/** Applies `redactText` to every string of a JSON-like value. */
export function redactDeep<T>(value: T, personal: PersonalData = { values: [] }): T {
  if (typeof value === 'string') return redactText(value, personal) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, personal)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, personal)])) as T;
  }
  return value;
}
