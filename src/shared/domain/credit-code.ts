/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character alphabet
 * (no I, O, Z, S, V), the last a check character over the first 17 with weights 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isCreditCode(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const digit = ALPHABET.indexOf(value.charAt(i));
    if (digit < 0) return false;
    sum += digit * (WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return value.charAt(17) === ALPHABET.charAt(check);
}

/** The citizen identity number (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function isIdNumber(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{17}[\dX]$/.test(value)) return false;
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const date = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== birth) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(value.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  return value.charAt(17) === ID_CHECK.charAt(sum % 11);
}
