import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { type NaturalPerson, normalizeForMatching, redactText } from './redaction.js';

/** One adversarial text of test/publication/redaction-corpus.json. */
interface CorpusEntry {
  readonly id: string;
  /** What the entry tries: a kind of personal data and its disguise, or `negative` for what must stay. */
  readonly kind: string;
  readonly text: string;
  readonly persons: readonly NaturalPerson[];
  /** What must not survive, in any form. */
  readonly secrets: readonly string[];
  readonly expectDoubt: boolean;
  /** What must survive exactly as written. */
  readonly mustKeep?: readonly string[];
  /** Names public by law (an organization's legal representative). */
  readonly publicNames?: readonly string[];
}

const corpus = JSON.parse(readFileSync(new URL('../../../test/publication/redaction-corpus.json', import.meta.url), 'utf8')) as CorpusEntry[];

/** Letters and digits only, in normal form: what a reader still sees once separators and disguises are stripped. */
const squashed = (text: string): string => normalizeForMatching(text).toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const isNumber = (secret: string): boolean => /^[\d\sXx+\-()]+$/u.test(normalizeForMatching(secret));
const digitsOf = (text: string): string => text.toUpperCase().replace(/[^0-9X]/g, '');

/** The secrets that survive redaction: a number as its digits anywhere between two Chinese characters, the rest squashed. */
function survivingSecrets(redacted: string, secrets: readonly string[]): string[] {
  const digitRuns = normalizeForMatching(redacted).split(/\p{sc=Han}+/u).map(digitsOf);
  return secrets.filter((secret) =>
    isNumber(secret) ? digitRuns.some((run) => run.includes(digitsOf(normalizeForMatching(secret)))) : squashed(redacted).includes(squashed(secret)),
  );
}

describe('the redaction corpus', () => {
  it('has at least 220 entries, 30 of them negative, with distinct ids', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(220);
    expect(corpus.filter((entry) => entry.kind === 'negative').length).toBeGreaterThanOrEqual(30);
    expect(new Set(corpus.map((entry) => entry.id)).size).toBe(corpus.length);
  });

  it.each(corpus.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
    const redacted = redactText(entry.text, entry.persons, { publicNames: entry.publicNames ?? [] });
    expect({
      surviving: survivingSecrets(redacted.value, entry.secrets),
      lost: (entry.mustKeep ?? []).filter((kept) => !redacted.value.includes(kept)),
      doubted: redacted.doubts.length > 0,
    }).toEqual({ surviving: [], lost: [], doubted: entry.expectDoubt });
  });
});
