import { setTimeout as sleep } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import { issueToken } from '../identity/auth/token-issuer.js';
import type { Role } from '../shared/domain/roles.js';
import { type Body, type DemoActor, type DemoPlan, type PlannedRequest, isList, isRef } from './plan-types.js';
import { type DemoOptions, periodName, planDemo } from './plan.js';

export interface RunDemoOptions extends DemoOptions {
  /** Where the casetrail server listens, e.g. http://127.0.0.1:3000. */
  readonly baseUrl: string;
  /** The server's JWT_SECRET: the demo signs its users' tokens as the identity provider would. */
  readonly jwtSecret: string;
  /** Requests in flight at once (one case's steps always go one after the other). */
  readonly concurrency?: number;
  /** Send the plan even though the agencies hold cases: repeats of earlier requests are replayed, not recorded again. */
  readonly resume?: boolean;
  /** Where the progress bar is drawn; false: none. */
  readonly progress?: NodeJS.WritableStream | false;
  /** How long the printed tokens stay valid. */
  readonly tokenHours?: number;
}

export interface DemoResult {
  /** false: the agencies already held cases, and nothing was sent. */
  readonly recorded: boolean;
  readonly existingCases: number;
  readonly plan: DemoPlan;
  readonly requests: number;
  /** Requests the server answered from an earlier identical request (Idempotent-Replayed). */
  readonly replayed: number;
  readonly failedCases: readonly { readonly ref: string; readonly error: string }[];
  readonly durationMs: number;
  /** A token per role; after a refusal, only for the roles whose officers were found. */
  readonly tokens: Readonly<Partial<Record<Role, { readonly name: string; readonly agency: string; readonly token: string }>>>;
  readonly links: Readonly<Record<string, string>>;
}

export class DemoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoError';
  }
}

const RETRIES = 8;
/** A publication is prepared by a reactor after the decision; a loaded server may take a while. */
const REACTOR_WAIT_MS = 120_000;

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown> | null;
  readonly replayed: boolean;
}

/** Sends the requests of a plan to a casetrail server, with the tokens of the plan's users. */
class DemoClient {
  private readonly values = new Map<string, string>();
  private readonly tokens = new Map<string, string>();
  sent = 0;
  replayed = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly actors: Readonly<Record<string, DemoActor>>,
  ) {}

  remember(name: string, value: string): void {
    this.values.set(name, value);
  }

  token(actorKey: string, hours = 12): string {
    const cached = hours === 12 ? this.tokens.get(actorKey) : undefined;
    if (cached) return cached;
    const actor = this.actors[actorKey];
    if (!actor) throw new DemoError(`the plan has no user ${actorKey}`);
    const sub = isRef(actor.sub) ? this.value(actor.sub.$ref) : actor.sub;
    const token = issueToken({ sub, name: actor.name, agency: actor.agency, roles: actor.roles }, this.secret, hours * 3600);
    if (hours === 12) this.tokens.set(actorKey, token);
    return token;
  }

  async get(path: string, actorKey: string): Promise<Record<string, unknown>> {
    const answer = await this.fetch('GET', path, actorKey, undefined, null);
    if (answer.status !== 200 || !answer.body) throw new DemoError(`GET ${path} answered ${answer.status}${describe(answer.body)}`);
    return answer.body;
  }

  /** Sends one planned request, retrying what a retry can fix, and keeps the ids the plan asks for. */
  async send(request: PlannedRequest): Promise<void> {
    const path = request.path.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(this.value(name)));
    const body = this.resolve(request.body);
    const started = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      let answer: Answer;
      try {
        answer = await this.fetch(request.method, path, request.actor, body, request.idempotencyKey);
      } catch (error) {
        if (attempt >= RETRIES) throw new DemoError(`${request.method} ${path}: ${String(error)}`);
        await sleep(backoff(attempt));
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) {
        this.sent += 1;
        if (answer.replayed) this.replayed += 1;
        for (const [name, field] of Object.entries(request.captures ?? {})) {
          const value = answer.body?.[field];
          if (typeof value !== 'string') throw new DemoError(`${request.method} ${path} answered without ${field}`);
          this.remember(name, value);
        }
        return;
      }
      const code = typeof answer.body?.code === 'string' ? answer.body.code : '';
      const transient =
        answer.status === 502 ||
        answer.status === 503 ||
        answer.status === 504 ||
        (answer.status === 409 && code === 'VERSION_CONFLICT');
      if (transient && attempt < RETRIES) {
        await sleep(backoff(attempt));
        continue;
      }
      if (request.awaitsReactor && answer.status === 404 && Date.now() - started < REACTOR_WAIT_MS) {
        await sleep(Math.min(1000, 25 * 2 ** Math.min(attempt, 6)));
        continue;
      }
      throw new DemoError(`${request.method} ${path} answered ${answer.status}${describe(answer.body)}`);
    }
  }

  private async fetch(method: string, path: string, actorKey: string, body: Body | undefined, key: string | null): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token(actorKey)}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key !== null && method === 'POST') headers['idempotency-key'] = key;
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: Record<string, unknown> | null;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      parsed = { detail: text.slice(0, 200) };
    }
    return { status: response.status, body: parsed, replayed: response.headers.get('idempotent-replayed') === 'true' };
  }

  private value(name: string): string {
    const value = this.values.get(name);
    if (value === undefined) throw new DemoError(`no value for ${name}: an earlier request of the plan failed`);
    return value;
  }

  private resolve(body: Body): Body {
    if (isRef(body)) return this.value(body.$ref);
    if (isList(body)) return body.map((item) => this.resolve(item));
    if (body !== null && typeof body === 'object') {
      return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, this.resolve(value)]));
    }
    return body;
  }
}

const backoff = (attempt: number): number => Math.min(2000, 50 * 2 ** attempt) + Math.floor(Math.random() * 50);

function describe(body: Record<string, unknown> | null): string {
  if (!body) return '';
  const parts = [body.code, body.detail].filter((part) => typeof part === 'string');
  const errors = Array.isArray(body.errors) ? ` ${JSON.stringify(body.errors)}` : '';
  return parts.length > 0 || errors ? ` (${parts.join(': ')}${errors})` : '';
}

/**
 * Records the plan of `planDemo` into a running server over its HTTP API, as its users would: the agencies and
 * officers first, then the cases, several at a time, each case's steps in order.
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const plan = planDemo(options);
  const client = new DemoClient(options.baseUrl, options.jwtSecret, plan.actors);
  const existingCases = await countCases(client, plan, options.baseUrl);

  if (existingCases > 0 && !options.resume) {
    await rememberOfficers(client, plan);
    return result(false);
  }

  for (const request of plan.setup.filter((r) => r.method === 'PUT')) await client.send(request);
  await pool(plan.setup.filter((r) => r.method === 'POST'), options.concurrency ?? 12, (request) => client.send(request));

  const bar =
    options.progress === false
      ? null
      : new cliProgress.SingleBar(
          {
            format: 'casetrail demo [{bar}] {percentage}% | {value}/{total} cases | {requests} requests | ETA {eta_formatted}',
            stream: options.progress ?? process.stderr,
            hideCursor: true,
            etaBuffer: 200,
          },
          cliProgress.Presets.shades_classic,
        );
  bar?.start(plan.cases.length, 0, { requests: 0 });
  const failedCases: { ref: string; error: string }[] = [];
  try {
    await pool(plan.cases, options.concurrency ?? 12, async (planned) => {
      try {
        for (const request of planned.requests) await client.send(request);
      } catch (error) {
        failedCases.push({ ref: planned.ref, error: error instanceof Error ? error.message : String(error) });
      }
      bar?.increment(1, { requests: client.sent });
    });
  } finally {
    bar?.stop();
  }
  return result(true, failedCases);

  function result(recorded: boolean, failed: { ref: string; error: string }[] = []): DemoResult {
    const hours = options.tokenHours ?? 24 * 7;
    const tokens: Partial<Record<Role, { name: string; agency: string; token: string }>> = {};
    for (const [role, actorKey] of Object.entries(plan.showcase) as [Role, string][]) {
      const actor = plan.actors[actorKey] as DemoActor;
      try {
        tokens[role] = { name: actor.name, agency: actor.agency, token: client.token(actorKey, hours) };
      } catch {
        // An officer of the plan that an earlier run with another seed did not register: no token for the role.
      }
    }
    const base = options.baseUrl.replace(/\/$/, '');
    return {
      recorded,
      existingCases,
      plan,
      requests: client.sent,
      replayed: client.replayed,
      failedCases: failed,
      durationMs: Date.now() - started,
      tokens,
      links: {
        'API documentation': `${base}/api/docs`,
        [`Statistics ${periodName(plan.period)}`]: `${base}/api/reports/statistics?from=${plan.period.from}&to=${plan.period.to}`,
        'Public pages': `${base}/public/`,
        'Public feed of penalty decisions': `${base}/api/public/penalties`,
      },
    };
  }
}

/** The cases the demo agencies hold already; also the first request, so a wrong address or secret shows at once. */
async function countCases(client: DemoClient, plan: DemoPlan, baseUrl: string): Promise<number> {
  let total = 0;
  for (const { agencyId } of plan.agencies) {
    let body: Record<string, unknown>;
    try {
      body = await client.get(`/api/cases?agency=${agencyId}&pageSize=1`, 'admin');
    } catch (error) {
      if (error instanceof DemoError && / 401/.test(error.message)) {
        throw new DemoError(`${baseUrl} refused the demo's token: run the demo with the server's JWT_SECRET`);
      }
      if (error instanceof DemoError) throw error;
      throw new DemoError(`no casetrail server answers at ${baseUrl} (${String((error as Error).cause ?? error)}); start one with npm start`);
    }
    total += Number(body.total ?? 0);
  }
  return total;
}

/** For the tokens printed after a refusal: the plan's officers if this seed registered them, else any of the role. */
async function rememberOfficers(client: DemoClient, plan: DemoPlan): Promise<void> {
  for (const { agencyId } of plan.agencies) {
    const { items } = (await client.get(`/api/officers?agency=${agencyId}&limit=500`, 'admin')) as {
      items: { officerId: string; roles: Role[]; certificate: { number: string } }[];
    };
    for (const officer of plan.officers.filter((o) => o.agencyId === agencyId)) {
      const match =
        items.find((item) => item.certificate.number === officer.certificateNumber) ??
        items.find((item) => officer.roles.every((role) => item.roles.includes(role)));
      if (match) client.remember(`officer.${officer.key}`, match.officerId);
    }
  }
}

/** Runs `work` over the items with at most `size` at a time. */
async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
}
