import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, type DomainErrorKind, StreamVersionError } from '../domain/errors.js';
import { PROBLEM_CONTENT_TYPE, type Problem, RequestValidationError } from './problem.js';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
};

const GENERIC: Record<number, { code: string; title: string }> = {
  400: { code: 'BAD_REQUEST', title: 'Bad request' },
  401: { code: 'UNAUTHENTICATED', title: 'Authentication required' },
  403: { code: 'FORBIDDEN', title: 'Forbidden' },
  404: { code: 'NOT_FOUND', title: 'Not found' },
  405: { code: 'METHOD_NOT_ALLOWED', title: 'Method not allowed' },
  409: { code: 'CONFLICT', title: 'Conflict' },
  412: { code: 'PRECONDITION_FAILED', title: 'Precondition failed' },
  413: { code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type' },
  422: { code: 'UNPROCESSABLE', title: 'Unprocessable request' },
  429: { code: 'TOO_MANY_REQUESTS', title: 'Too many requests' },
  500: { code: 'INTERNAL', title: 'Internal error' },
  503: { code: 'SERVICE_UNAVAILABLE', title: 'Service unavailable' },
};

/** Connection-level failures of PostgreSQL or the network: the request may be retried later. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300']);
/**
 * What the pg driver and its pool say, without a code, when the server went away under a query or cannot be reached
 * (seen when PostgreSQL restarts under load): the request failed for want of the database, not through a bug.
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /connection error and is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Client was closed and is not queryable/,
];

/** Whether an error, or the driver error TypeORM wrapped in it, is the database or the network being unavailable. */
function isUnavailable(error: unknown): boolean {
  const failure = error as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (!failure || typeof failure !== 'object') return false;
  const code = typeof failure.code === 'string' ? failure.code : '';
  // SQLSTATE class 08: connection exceptions.
  if (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof failure.message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(failure.message as string))) return true;
  return failure.driverError !== undefined && failure.driverError !== error && isUnavailable(failure.driverError);
}

function generic(status: number, detail?: string, extra: Record<string, unknown> = {}): Problem {
  const known = GENERIC[status] ?? { code: `HTTP_${status}`, title: 'Error' };
  return {
    type: 'about:blank',
    title: known.title,
    status,
    code: known.code,
    ...(detail ? { detail } : {}),
    ...extra,
  };
}

/** Maps an error of any layer to a problem; exported so it can be tested without HTTP. */
export function toProblem(error: unknown): Problem {
  if (error instanceof RequestValidationError) {
    return { ...generic(400, 'The request has invalid fields'), code: 'VALIDATION_FAILED', errors: error.errors };
  }
  if (error instanceof DomainError) {
    const status = STATUS_OF_KIND[error.kind];
    return { ...generic(status, error.message, error.details), code: error.code };
  }
  if (error instanceof StreamVersionError && error.answer === 'conflict') {
    return {
      ...generic(409, 'The resource was changed by someone else; reload it and try again'),
      code: 'VERSION_CONFLICT',
      currentVersion: error.currentVersion,
    };
  }
  if (error instanceof StreamVersionError) {
    return {
      ...generic(412, 'If-Match names a version the resource has moved past'),
      currentVersion: error.currentVersion,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? (response).message
        : response;
    return generic(status, status < 500 && typeof message === 'string' ? message : undefined);
  }
  const failure = error as { status?: unknown; type?: unknown; code?: unknown };
  // body-parser reports malformed and oversized bodies with a status of its own.
  if (typeof failure?.status === 'number' && failure.status >= 400 && failure.status < 500) {
    return generic(failure.status, failure.type === 'entity.parse.failed' ? 'The body is not valid JSON' : undefined);
  }
  if (isUnavailable(error)) {
    return generic(503, 'A backing service is unavailable; retry later');
  }
  return generic(500);
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: unknown }>();
    const problem = { ...toProblem(error), instance: request.originalUrl };
    if (problem.status >= 500) {
      // Never to the client: the stack and the original message may hold data.
      this.logger.error({ err: error, requestId: request.id }, 'request failed');
    }
    if (response.headersSent) return;
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
