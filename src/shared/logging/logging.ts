import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { type Logger, pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { LogLevel } from '../config/config.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** One JSON line per log record, on stdout. Credentials in headers, and the cookies the app sets, are never written. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'casetrail' },
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  });
}

/** A query parameter that carries a credential by its name, or a value that is a JWT whatever its name. */
const CREDENTIAL_NAME = /token|secret|password|passwd|key|signature|session|auth|credential/i;
const LOOKS_LIKE_JWT = /eyJ[\w-]*\.[\w-]+\.[\w-]*/;
const REDACTED = '[Redacted]';

/**
 * The API never takes a credential in a URL, but a client may still put one there: the logged URL and query keep
 * the parameter names and drop such values.
 */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const query = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      return CREDENTIAL_NAME.test(name) || LOOKS_LIKE_JWT.test(value) ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, mark)}?${query.join('&')}`;
}

function redactQuery(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  return Object.fromEntries(
    Object.entries(query).map(([name, value]) => [
      name,
      CREDENTIAL_NAME.test(name) || LOOKS_LIKE_JWT.test(JSON.stringify(value) ?? '') ? REDACTED : value,
    ]),
  );
}

/** Takes the caller's X-Request-Id when it is sane, otherwise makes one; either way it is echoed back. */
function requestId(request: IncomingMessage, response: ServerResponse): string {
  const header = request.headers['x-request-id'];
  const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/** Logs every request with its request and correlation ids (and sets `req.id`, which event metadata carries). */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: requestId,
    serializers: {
      req: (request: { url?: unknown; query?: unknown }) => ({
        ...request,
        url: typeof request.url === 'string' ? redactUrl(request.url) : request.url,
        query: redactQuery(request.query),
      }),
    },
    customProps: (request) => {
      const correlation = request.headers['x-correlation-id'];
      return typeof correlation === 'string' && REQUEST_ID.test(correlation) ? { correlationId: correlation } : {};
    },
  });
}

/** Nest's own logging (and every `new Logger(Context)`) through the same pino logger. */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes the context (the class name) last; a leading object is merged into the record. */
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, params: unknown[]): void {
    const context = params.length > 0 && typeof params.at(-1) === 'string' ? (params.at(-1) as string) : undefined;
    const text = params.find((param): param is string => typeof param === 'string' && param !== context);
    if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...(message), context }, text ?? '');
    } else {
      this.logger[level]({ context }, String(message));
    }
  }
}
