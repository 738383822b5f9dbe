import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthorizedException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { TokenVerifier } from '../identity/auth/token-verifier.js';
import { APP_CONFIG } from '../shared/config/config.module.js';
import type { AppConfig } from '../shared/config/config.js';
import { Metrics, UNMATCHED_ROUTE } from './metrics.js';
import { sendProblem } from './problem-response.js';
import { DASHBOARD_PATH, queueDashboard } from './queue-dashboard.js';
import { QueueDirectory } from './queue-directory.js';

export const METRICS_PATH = '/metrics';

/** The route Nest answers unmatched requests with (404): a route to Express, but no route of the application's. */
const NOT_FOUND_ROUTE = '*path';

/**
 * The route template of a request (`/api/cases/:caseId`), never its raw path: a label per case id would make one
 * time series per case. Handlers outside Nest's routing name theirs in `res.locals.routeTemplate`.
 */
function routeTemplate(request: Request, response: Response): string {
  const named = (response.locals as { routeTemplate?: unknown }).routeTemplate;
  if (typeof named === 'string') return named;
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && path !== NOT_FOUND_ROUTE ? `${request.baseUrl}${path}` : UNMATCHED_ROUTE;
}

/**
 * Times each request up to its response head, when the status is known. (Waiting for 'finish' would also count the
 * time the body takes to drain to a slow client, and would record a request only after the client may have read it.)
 */
function httpMetrics(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => Response;
    response.writeHead = ((...args: unknown[]) => {
      response.writeHead = writeHead as Response['writeHead'];
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = typeof args[0] === 'number' ? args[0] : response.statusCode;
      metrics.observeRequest(request.method, routeTemplate(request, response), status, seconds);
      return writeHead(...args);
    }) as Response['writeHead'];
    next();
  };
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** `GET /metrics`: open, or behind `Authorization: Bearer <METRICS_TOKEN>` when that is set. */
function metricsEndpoint(metrics: Metrics, token: string | null) {
  const expected = token === null ? null : digest(token);
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.path !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
    response.locals.routeTemplate = METRICS_PATH;
    if (expected) {
      const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
      // Compared as digests: equal lengths for timingSafeEqual, and no early exit on the first differing byte.
      if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
        response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        sendProblem(request, response, new UnauthorizedException('The metrics token is required'));
        return;
      }
    }
    metrics
      .render()
      .then((text) => {
        response.setHeader('Cache-Control', 'no-store');
        response.type(metrics.contentType).send(text);
      })
      .catch((error: unknown) => sendProblem(request, response, error));
  };
}

/**
 * Mounts what operators use beside the API, before Nest's own routes: request timing for every request,
 * `/metrics` for Prometheus and the BullMQ dashboard at `/admin/queues`.
 */
export function mountOperations(app: NestExpressApplication): void {
  const metrics = app.get(Metrics);
  const config = app.get<AppConfig>(APP_CONFIG);
  app.use(httpMetrics(metrics));
  app.use(METRICS_PATH, metricsEndpoint(metrics, config.metricsToken));
  app.use(DASHBOARD_PATH, ...queueDashboard(app.get(QueueDirectory).queues(), app.get(TokenVerifier), config.jwtSecret));
}
