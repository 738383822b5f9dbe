import { createHmac } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import type { TokenVerifier } from '../identity/auth/token-verifier.js';
import { actorFromClaims } from '../identity/auth/token.js';
import type { Actor } from '../shared/domain/roles.js';
import type { AppQueue } from '../shared/queues/queues.module.js';
import { sendProblem } from './problem-response.js';

export const DASHBOARD_PATH = '/admin/queues';
export const SESSION_COOKIE = 'casetrail_queues';
/** A dashboard session outlives its login by at most this long, and never the token it was made from. */
export const SESSION_SECONDS = 15 * 60;
const MAX_FORM_BYTES = 16 * 1024;
const SESSION_AUDIENCE = 'casetrail:queue-dashboard';

/**
 * Signs and checks dashboard sessions with a key derived from the JWT secret, so that a session cookie is never
 * accepted as a bearer token by the API, nor an API token taken from a cookie.
 */
class DashboardSessions {
  private readonly key: Buffer;

  constructor(jwtSecret: string) {
    this.key = createHmac('sha256', jwtSecret).update('casetrail queue dashboard session').digest();
  }

  issue(actor: Actor, tokenExpiresAt: number | undefined): { token: string; seconds: number } {
    const now = Math.floor(Date.now() / 1000);
    const seconds = Math.max(1, Math.min(SESSION_SECONDS, (tokenExpiresAt ?? now + SESSION_SECONDS) - now));
    const claims = { sub: actor.id, name: actor.name, agency: actor.agencyId, roles: [...actor.roles] };
    const token = jwt.sign(claims, this.key, { algorithm: 'HS256', expiresIn: seconds, audience: SESSION_AUDIENCE });
    return { token, seconds };
  }

  verify(token: string): Actor | null {
    try {
      return actorFromClaims(jwt.verify(token, this.key, { algorithms: ['HS256'], audience: SESSION_AUDIENCE }));
    } catch {
      return null;
    }
  }
}

function bearerOf(request: Request): string | null {
  const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}

function cookieOf(request: Request, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=') || null;
  }
  return null;
}

/** A bearer token with its payload, or the reason it is refused. */
function verifyBearer(tokens: TokenVerifier, token: string): { actor: Actor; expiresAt: number | undefined } | null {
  const payload = tokens.verify(token);
  const actor = actorFromClaims(payload);
  if (!actor) return null;
  const exp = (payload as { exp?: unknown }).exp;
  return { actor, expiresAt: typeof exp === 'number' ? exp : undefined };
}

function requireAdmin(actor: Actor | null, response: Response, request: Request): actor is Actor {
  if (!actor) {
    response.setHeader('WWW-Authenticate', 'Bearer');
    sendProblem(request, response, new UnauthorizedException(`An admin's bearer token, or a session from ${DASHBOARD_PATH}/login, is required`));
    return false;
  }
  if (!actor.roles.includes('admin')) {
    sendProblem(request, response, new ForbiddenException('The queue dashboard requires the role admin'));
    return false;
  }
  return true;
}

async function readForm(request: Request): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw Object.assign(new Error('form too large'), { status: 413 });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const LOGIN_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>casetrail queues</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>casetrail: deadline queues</h1>
<p>Paste an admin's bearer token. It is sent once, in the body of this form; the dashboard then runs on a session
cookie that lasts ${SESSION_SECONDS / 60} minutes.</p>
<form method="post" action="${DASHBOARD_PATH}/login">
<textarea name="token" rows="6" style="width: 100%" required autocomplete="off"></textarea>
<p><button type="submit">Open the dashboard</button></p>
</form></body></html>`;

/**
 * The BullMQ dashboard at /admin/queues, for admins only. An API client sends its bearer token; a browser, which
 * cannot set that header, posts the token once to /admin/queues/login and gets a session cookie (HttpOnly,
 * SameSite=Strict, path /admin/queues, at most 15 minutes). The token never travels in a URL, where logs and
 * browser history would keep it.
 */
export function queueDashboard(queues: readonly AppQueue<unknown>[], tokens: TokenVerifier, jwtSecret: string): RequestHandler[] {
  const sessions = new DashboardSessions(jwtSecret);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    // The adapter is typed for the Redis backend; it uses only what every backend's queue has.
    queues: queues.map((queue) => new BullMQAdapter(queue as unknown as ConstructorParameters<typeof BullMQAdapter>[0])),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'casetrail', hideDocsLink: true } },
  });
  const board = serverAdapter.getRouter() as RequestHandler;

  const setSession = (request: Request, response: Response, actor: Actor, expiresAt: number | undefined): void => {
    const { token, seconds } = sessions.issue(actor, expiresAt);
    const secure = request.secure ? '; Secure' : '';
    response.setHeader(
      'Set-Cookie',
      `${SESSION_COOKIE}=${token}; Path=${DASHBOARD_PATH}; Max-Age=${seconds}; HttpOnly; SameSite=Strict${secure}`,
    );
  };

  const login = async (request: Request, response: Response): Promise<void> => {
    let token = bearerOf(request);
    if (!token && request.is('application/x-www-form-urlencoded')) token = (await readForm(request)).get('token')?.trim() ?? null;
    const verified = token ? verifyBearer(tokens, token) : null;
    const actor = verified?.actor ?? null;
    if (!requireAdmin(actor, response, request)) return;
    setSession(request, response, actor, verified?.expiresAt);
    response.redirect(303, `${DASHBOARD_PATH}/`);
  };

  const gate = (request: Request, response: Response, next: NextFunction): void => {
    response.locals.routeTemplate = `${DASHBOARD_PATH}/*`;
    // The mount strips the prefix: what is left is the path inside the dashboard.
    if (request.path === '/login') {
      if (request.method === 'GET') {
        response.type('html').setHeader('Cache-Control', 'no-store');
        response.send(LOGIN_PAGE);
        return;
      }
      if (request.method === 'POST') {
        login(request, response).catch((error: unknown) => sendProblem(request, response, error));
        return;
      }
    }
    if (request.path === '/logout' && request.method === 'POST') {
      response.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=${DASHBOARD_PATH}; Max-Age=0; HttpOnly; SameSite=Strict`);
      response.status(204).end();
      return;
    }
    const bearer = bearerOf(request);
    const cookie = cookieOf(request, SESSION_COOKIE);
    const actor = bearer ? (verifyBearer(tokens, bearer)?.actor ?? null) : cookie ? sessions.verify(cookie) : null;
    if (!requireAdmin(actor, response, request)) return;
    response.setHeader('Cache-Control', 'no-store');
    next();
  };

  return [gate, board];
}
