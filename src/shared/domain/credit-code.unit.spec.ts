import { describe, expect, it } from '@jest/globals';
import { isCreditCode, isIdNumber } from './credit-code.js';

describe('unified social credit code', () => {
  it.each(['91500111MA5U3XQ128', '11500111009294712Y', '91500000202803370T'])('accepts %s', (code) => {
    expect(isCreditCode(code)).toBe(true);
  });

  it('refuses a wrong check character, a forbidden letter and a wrong length', () => {
    expect(isCreditCode('91500111MA5U3XQ129')).toBe(false);
    expect(isCreditCode('91500111MI5U3XQ128')).toBe(false);
    expect(isCreditCode('91500111MA5U3XQ12')).toBe(false);
    expect(isCreditCode(915001111)).toBe(false);
  });
});

describe('citizen identity number', () => {
  it('accepts a number with a valid birth date and check character', () => {
    expect(isIdNumber('11010519491231002X')).toBe(true);
    expect(isIdNumber('440524188001010014')).toBe(true);
  });

  it('refuses a wrong check character or an impossible birth date', () => {
    expect(isIdNumber('110105194912310021')).toBe(false);
    expect(isIdNumber('110105194902300027')).toBe(false);
    expect(isIdNumber('11010519491231002x')).toBe(false);
  });
});
