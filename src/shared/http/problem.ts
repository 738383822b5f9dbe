/** RFC 9457 problem details, with casetrail's stable `code` beside the standard members. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export interface FieldError {
  /** Dotted path of the offending field, e.g. `party.creditCode` or `officerIds.1`. */
  readonly field: string;
  readonly messages: readonly string[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A request whose body or parameters do not pass validation. */
export class RequestValidationError extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super(`Invalid request: ${errors.map((e) => e.field).join(', ')}`);
    this.name = 'RequestValidationError';
  }
}
