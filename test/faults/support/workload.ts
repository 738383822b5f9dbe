import { issueToken } from '../../../src/identity/auth/token-issuer.js';
import type { Role } from '../../../src/shared/domain/roles.js';
import { FAULT_JWT_SECRET } from './app-process.js';
import { sleep } from './services.js';

/**
 * Clients that drive casetrail over HTTP the way officers do, and a ledger of every command and what the server
 * answered, so that a scenario can check afterwards that every acknowledged command is in the event store.
 */

export const AGENCY = 'dazu-emb';
const COMPANY = { kind: 'organization', name: '重庆某机械制造有限公司', creditCode: '91500111MA5U3XQ128', legalRepresentative: '陈某' };
const DAZU = {
  name: '重庆市大足区应急管理局',
  shortName: '区应急管理局',
  creditCode: '11500111009294712Y',
  powers: ['confiscation', 'production_suspension'],
};
const FINE_FEN = 10_000;

export const tokenFor = (sub: string, roles: Role[], agency = AGENCY): string =>
  issueToken({ sub, name: sub, agency, roles }, FAULT_JWT_SECRET);

export interface Staff {
  readonly officer: { readonly id: string; readonly token: string };
  readonly partner: { readonly id: string };
  readonly head: { readonly id: string; readonly token: string };
  /** District-wide: reads the statistics of every agency. */
  readonly district: string;
}

export interface Answer {
  /** null: no HTTP answer at all (refused, reset, timed out). */
  readonly status: number | null;
  readonly body: unknown;
  readonly contentType: string | null;
  readonly error: string | null;
  readonly ms: number;
  /** The server answered with the stored response of an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

export async function call(baseUrl: string, method: string, path: string, token: string | null, body?: unknown, key?: string): Promise<Answer> {
  const started = performance.now();
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (key) headers['idempotency-key'] = key;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: kept as text, which the checks can look at.
    }
    return {
      status: response.status,
      body: parsed,
      contentType: response.headers.get('content-type'),
      error: null,
      ms: performance.now() - started,
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      status: null,
      body: null,
      contentType: null,
      error: cause ?? (error instanceof Error ? error.message : String(error)),
      ms: performance.now() - started,
      replayed: false,
    };
  }
}

/** Registers the agency, two officers and a head through the API, as an administrator would. */
export async function setUpAgency(baseUrl: string): Promise<Staff> {
  const admin = tokenFor('admin-district', ['admin', 'district'], 'dazu-district');
  const agency = await call(baseUrl, 'PUT', `/api/agencies/${AGENCY}`, admin, DAZU);
  if (agency.status !== 201 && agency.status !== 200) throw new Error(`agency: ${agency.status} ${JSON.stringify(agency.body)}`);
  const register = async (name: string, roles: Role[], n: number): Promise<{ id: string; token: string }> => {
    const answer = await call(baseUrl, 'POST', '/api/officers', admin, {
      name,
      agency: AGENCY,
      roles,
      certificate: { number: `渝执500111${n}`, validFrom: '2025-01-01', validUntil: '2028-12-31' },
    });
    if (answer.status !== 201) throw new Error(`officer: ${answer.status} ${JSON.stringify(answer.body)}`);
    const id = (answer.body as { officerId: string }).officerId;
    return { id, token: tokenFor(id, roles) };
  };
  const officer = await register('张伟', ['officer'], 1);
  const partner = await register('王芳', ['officer'], 2);
  const head = await register('赵局长', ['head', 'officer'], 3);
  return { officer, partner, head, district: tokenFor('district-1', ['district', 'auditor'], 'dazu-district') };
}

export interface Command {
  readonly key: string;
  readonly path: string;
  readonly body: unknown;
  /** The event the command's last appended version must be. */
  readonly eventType: string;
}

export interface Attempt {
  readonly command: Command;
  readonly answer: Answer;
  readonly instance: string;
  /** The case the command is about (from the path, or from the answer when it opened the case). */
  readonly caseId: string | null;
}

/** When a story's decision is dated: weeks ago (every publication deadline already passed) or today (all ahead). */
export type Timing = 'past' | 'today';

const shanghaiDate = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** Instants of a story: the decision date is weeks back, or this morning (never in the future). */
function storyTimes(timing: Timing): (minutes: number) => string {
  const now = Date.now();
  if (timing === 'past') {
    const day = shanghaiDate(now - 45 * 86_400_000);
    return (minutes) => new Date(Date.parse(`${day}T09:00:00+08:00`) + minutes * 60_000).toISOString();
  }
  const start = now - 60 * 60_000;
  return (minutes) => new Date(start + minutes * 60_000).toISOString();
}

export class Ledger {
  readonly attempts: Attempt[] = [];
  private sequence = 0;

  nextKey(client: number): string {
    this.sequence += 1;
    return `fault-${client}-${this.sequence}`;
  }

  acknowledged(): Attempt[] {
    return this.attempts.filter((a) => a.answer.status !== null && a.answer.status >= 200 && a.answer.status < 300);
  }

  /** No answer, or a 5xx: the client cannot tell whether it happened. */
  unknown(): Attempt[] {
    return this.attempts.filter((a) => a.answer.status === null || a.answer.status >= 500);
  }

  byStatus(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const attempt of this.attempts) {
      const label = attempt.answer.status === null ? `error:${attempt.answer.error}` : String(attempt.answer.status);
      counts[label] = (counts[label] ?? 0) + 1;
    }
    return counts;
  }

  /** The cases that got a decision acknowledged. */
  decidedCases(): string[] {
    return this.acknowledged()
      .filter((a) => a.command.eventType === 'DecisionMade' && a.caseId)
      .map((a) => a.caseId as string);
  }
}

export interface Target {
  readonly name: string;
  readonly url: string;
}

/**
 * One inspection after another, as far as it goes: open the case, record one or two hazards, file it under the
 * simple procedure and decide a fine, which prepares a publication with its deadline. A step that gets no 2xx ends
 * the story (the next steps depend on it).
 */
export async function runStory(
  ledger: Ledger,
  staff: Staff,
  client: number,
  targets: () => Target,
  timing: Timing,
  pace: () => Promise<void> = async () => undefined,
): Promise<string | null> {
  const at = storyTimes(timing);
  const send = async (path: string, body: unknown, eventType: string, caseId: string | null): Promise<Attempt> => {
    await pace();
    const command: Command = { key: ledger.nextKey(client), path, body, eventType };
    const target = targets();
    const answer = await call(target.url, 'POST', path, staff.officer.token, body, command.key);
    const openedId = (answer.body as { caseId?: unknown } | null)?.caseId;
    const attempt: Attempt = { command, answer, instance: target.name, caseId: caseId ?? (typeof openedId === 'string' ? openedId : null) };
    ledger.attempts.push(attempt);
    return attempt;
  };
  const ok = (attempt: Attempt): boolean => attempt.answer.status !== null && attempt.answer.status < 300;

  const opened = await send(
    '/api/cases',
    {
      occurredAt: at(0),
      source: 'routine',
      party: COMPANY,
      officerIds: [staff.officer.id, staff.partner.id],
      location: '大足区龙岗街道某工业园3号厂房',
      summary: `日常检查 ${client}`,
    },
    'CaseOpened',
    null,
  );
  if (!ok(opened) || !opened.caseId) return null;
  const caseId = opened.caseId;
  const hazards = 1 + (client % 2);
  for (let n = 0; n < hazards; n += 1) {
    const hazard = await send(
      `/api/cases/${caseId}/hazards`,
      { occurredAt: at(10 + n), description: `消防通道堵塞 ${client}-${n}`, severity: 'general' },
      'HazardFound',
      caseId,
    );
    if (!ok(hazard)) return caseId;
  }
  const filed = await send(
    `/api/cases/${caseId}/filing`,
    {
      occurredAt: at(20),
      procedure: 'simple',
      violations: [{ description: '未按规定保持疏散通道畅通', legalBasis: '《中华人民共和国安全生产法》第二十八条' }],
      approvedBy: staff.head.id,
      intendedPenalties: [{ type: 'fine', amountFen: FINE_FEN }],
    },
    'CaseFiled',
    caseId,
  );
  if (!ok(filed)) return caseId;
  const year = at(30).slice(0, 4);
  await send(
    `/api/cases/${caseId}/decision`,
    {
      occurredAt: at(30),
      procedure: 'simple',
      outcome: 'penalty',
      decisionNumber: `大足应急简罚〔${year}〕${caseId.slice(0, 8)}号`,
      penalties: [{ type: 'fine', amountFen: FINE_FEN }],
    },
    'DecisionMade',
    caseId,
  );
  return caseId;
}

export interface Load {
  /** Stops the clients after the request each has in flight, and waits for them. */
  stop(): Promise<void>;
  readonly ledger: Ledger;
}

/** `clients` officers each recording stories back to back until stopped; a failed step backs off a little. */
export function startLoad(options: {
  readonly clients: number;
  readonly staff: Staff;
  readonly targets: readonly Target[];
  readonly timing: Timing;
  readonly ledger?: Ledger;
}): Load {
  const ledger = options.ledger ?? new Ledger();
  let running = true;
  const loops = Array.from({ length: options.clients }, async (_, client) => {
    let turn = client;
    const target = (): Target => options.targets[turn++ % options.targets.length] as Target;
    while (running) {
      const before = ledger.unknown().length;
      await runStory(ledger, options.staff, client, target, options.timing);
      if (ledger.unknown().length > before) await sleep(100);
    }
  });
  return {
    ledger,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}
