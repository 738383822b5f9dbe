/** Completes 17 characters to a unified social credit code with its check character (GB 32100-2015). */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function withCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new Error('17 characters expected');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += ALPHABET.indexOf(first17.charAt(i)) * (3 ** i % 31);
  return first17 + ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** The n-th of a family of valid, distinct credit codes of Dazu organisations. */
export const creditCode = (n: number): string => withCheckCharacter(`91500111MA${String(n).padStart(7, '0')}`);
