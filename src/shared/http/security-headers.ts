import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * The pages that are HTML applications with their own scripts: the API documentation and the queue dashboard
 * (mounted at /admin/queues by the operations module). They get a policy that lets their own files run.
 */
const HTML_APPLICATIONS = ['/api/docs', '/admin/queues'];

const APPLICATION_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The API's own CORS surface: what a browser script of a configured origin may send and read. */
const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'If-Match',
  'Idempotency-Key',
  'X-Request-Id',
  'X-Correlation-Id',
  'X-Access-Reason',
];
const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'X-Request-Id', 'Idempotent-Replayed', 'Retry-After'];

/**
 * Security headers on every response, through Nest's own hook (helmet's set, without the dependency). The API
 * answers JSON that nothing should render or frame: `default-src 'none'`. The public pages and the annual report's
 * HTML set a policy of their own (their inline style allowed by hash), which replaces this one.
 * Strict-Transport-Security is sent always: a browser ignores it over plain HTTP and keeps it when a TLS proxy
 * fronts the server, which cannot tell the two apart.
 */
export function useSecurityHeaders(app: NestExpressApplication): void {
  app.useSecurityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    xContentTypeOptions: true,
    xPoweredBy: false,
  });
  app.use(HTML_APPLICATIONS, (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Content-Security-Policy', APPLICATION_POLICY);
    next();
  });
}

/**
 * CORS for the configured origins only; without any, no CORS header is sent and browsers keep other origins out.
 * Tokens travel in the Authorization header, never in cookies, so credentials are not allowed.
 */
export function useCors(app: NestExpressApplication, origins: readonly string[]): void {
  if (origins.length === 0) return;
  app.enableCors({
    origin: [...origins],
    methods: ['GET', 'HEAD', 'POST', 'PUT'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
  });
}
