import type { NextFunction, Request, Response } from 'express';
import { type FieldError, RequestValidationError } from './problem.js';

/** No request DTO nests deeper than a few levels; anything past this is an attack on a recursive reader. */
export const MAX_BODY_DEPTH = 32;

/**
 * What PostgreSQL cannot store in `jsonb` or `text`: a NUL character, and a lone UTF-16 surrogate (which JSON's
 * `\uD800` escape can produce). Refused at the edge, with the field, instead of failing at the INSERT.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorable(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

const joined = (path: string, key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);

/**
 * Checks a parsed JSON body before anything recursive reads it (class-transformer, class-validator, the
 * idempotency fingerprint): nesting at most MAX_BODY_DEPTH, every string and key storable. Walks with an explicit
 * stack, so the check itself cannot overflow.
 */
export function bodyProblems(body: unknown): FieldError[] {
  const problems: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === 'string') {
      if (unstorable(value)) problems.push({ field: path || 'body', messages: ['must not contain NUL or unpaired surrogate characters'] });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_BODY_DEPTH) {
      problems.push({ field: path || 'body', messages: [`must not nest deeper than ${MAX_BODY_DEPTH} levels`] });
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
    for (const [key, item] of entries) {
      if (typeof key === 'string' && unstorable(key)) {
        problems.push({ field: path || 'body', messages: ['has a key with NUL or unpaired surrogate characters'] });
        continue;
      }
      stack.push({ value: item, path: joined(path, key), depth: depth + 1 });
    }
  }
  return problems;
}

/** Express middleware, right after the JSON body parser. */
export function boundedBodies() {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const problems = bodyProblems(request.body as unknown);
    next(problems.length > 0 ? new RequestValidationError(problems) : undefined);
  };
}
