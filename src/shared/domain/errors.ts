/**
 * A rule of the domain refused a request. `code` is a stable, public identifier (clients branch on it);
 * `kind` says which class of HTTP answer it becomes, so domain code never speaks HTTP.
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'conflict',
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string, code = 'NOT_FOUND'): DomainError =>
  new DomainError(code, `${what} ${id} was not found`, 'not_found', { id });

/**
 * A write named a version of a stream that is not its current one. The event store throws the concrete errors; they
 * are declared here so that the HTTP layer can answer them (409 with the current version, or 412 for a stale
 * If-Match) without importing the event store.
 */
export abstract class StreamVersionError extends Error {
  abstract readonly answer: 'conflict' | 'precondition_failed';

  constructor(
    readonly streamId: string,
    readonly currentVersion: number,
    message: string,
  ) {
    super(message);
  }
}
