import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { passTime } from '../support/deadlines.js';
import { type Staff, setUpAgency, caseInReview } from '../support/cases.js';
import { eventually } from '../support/eventually.js';

/**
 * A review submitted on 2026-03-04 (see review-deadlines.e2e.spec.ts), then time passes beyond its escalation:
 * three alerts fire.
 */
const SUBMITTED = '2026-03-04T10:00:00+08:00';
const BEFORE_ANY_ALERT = '2026-03-04T12:00:00+08:00';
const AFTER_ESCALATION = '2026-03-16T10:00:00+08:00';
const SECRET = 'alert-webhook-test-secret-0123456789';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly status: number;
}

/** A real HTTP receiver on an ephemeral port; `answer` picks the status of the n-th request (0-based). */
class Receiver {
  readonly requests: Received[] = [];
  private readonly server: Server;

  constructor(private readonly answer: (n: number) => number) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const status = this.answer(this.requests.length);
        this.requests.push({ headers: request.headers, body: Buffer.concat(chunks), status });
        response.writeHead(status).end();
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** The distinct alert ids the receiver accepted (a 2xx answer). */
  delivered(): Set<string> {
    return new Set(this.requests.filter((r) => r.status < 300).map((r) => String(r.headers['x-casetrail-alert-id'])));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Receipt {
  alert_id: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  delivered: boolean;
}

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function started(answer: (n: number) => number): Promise<{ t: TestApp; receiver: Receiver; staff: Staff; clock: ControlledClock }> {
  const clock = new ControlledClock(new Date(BEFORE_ANY_ALERT));
  const receiver = new Receiver(answer);
  const url = await receiver.start();
  closers.push(() => receiver.close());
  const t = await startTestApp({
    env: { ALERT_WEBHOOK_URL: url, ALERT_WEBHOOK_SECRET: SECRET },
    clock,
  });
  closers.push(() => t.close());
  return { t, receiver, clock, staff: await setUpAgency(t) };
}

/** Submits a review, then lets the clock pass its escalation: its three jobs fire. */
async function submitReview(t: TestApp, staff: Staff, clock: ControlledClock): Promise<string> {
  const { reviewId } = await caseInReview(t, staff, { review: { occurredAt: SUBMITTED } });
  await t.settle();
  await passTime(t, clock, AFTER_ESCALATION);
  return reviewId;
}

const receipts = (t: TestApp): Promise<Receipt[]> =>
  t.app.get(DataSource).query<Receipt[]>(
    `SELECT alert_id::text, attempt, status_code, error, delivered FROM alert_deliveries ORDER BY alert_id, attempt`,
  );

/** Receipts per alert, as `<status or error>:<delivered>` in attempt order. */
function byAlert(rows: readonly Receipt[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const row of rows) {
    result.set(row.alert_id, [...(result.get(row.alert_id) ?? []), `${row.status_code ?? 'error'}:${row.delivered}`]);
  }
  return result;
}

function signatureHolds(request: Received): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`);
  const given = Buffer.from(String(request.headers['x-signature']));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('the alert webhook', () => {
  it('delivers each alert once, as signed JSON, and records a receipt for it', async () => {
    const { t, receiver, staff, clock } = await started(() => 204);
    const reviewId = await submitReview(t, staff, clock);

    await eventually(() => receiver.delivered(), (ids) => ids.size === 3);
    expect(receiver.requests).toHaveLength(3);
    for (const request of receiver.requests) {
      expect(signatureHolds(request)).toBe(true);
      expect(request.headers['content-type']).toBe('application/json');
      expect(Number.isNaN(Date.parse(String(request.headers['x-casetrail-timestamp'])))).toBe(false);
      const body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
      expect(body).toEqual({
        alertId: request.headers['x-casetrail-alert-id'],
        type: expect.any(String),
        agencyId: 'dazu-emb',
        streamId: `review-${reviewId}`,
        deadlineId: `review-due.${reviewId}.r1`,
        kind: 'review_due',
        stage: expect.any(String),
        dueDate: '2026-03-13',
        notifyRole: body.stage === 'overdue' ? 'head' : 'reviewer',
        subject: expect.any(String),
        raisedAt: new Date(AFTER_ESCALATION).toISOString(),
      });
    }
    const bodies = receiver.requests.map((r) => JSON.parse(r.body.toString('utf8')) as { type: string; stage: string });
    expect(bodies.map((b) => `${b.stage}:${b.type}`).sort()).toEqual([
      'due:DeadlineDue',
      'overdue:DeadlineMissed',
      'reminder:DeadlineReminderIssued',
    ]);

    // The alerts delivered are the alerts people see in the API.
    await t.settle();
    const listed = async (token: string) =>
      ((await t.http().get('/api/alerts').auth(token, { type: 'bearer' }).expect(200)).body.items as { alertId: string }[]).map((a) => a.alertId);
    const seen = [...(await listed(staff.reviewer.token)), ...(await listed(staff.head.token))];
    expect(new Set(seen)).toEqual(receiver.delivered());

    const receipted = byAlert(await receipts(t));
    expect(new Set(receipted.keys())).toEqual(receiver.delivered());
    for (const attempts of receipted.values()) expect(attempts).toEqual(['204:true']);
  });

  it('retries a failed delivery with backoff, and records the failed attempts', async () => {
    const { t, receiver, staff, clock } = await started((n) => (n < 2 ? 500 : 200));
    await submitReview(t, staff, clock);

    await eventually(() => receiver.delivered(), (ids) => ids.size === 3);
    expect(receiver.requests.every(signatureHolds)).toBe(true);
    const [first, second, third] = receiver.requests;
    // The same alert, the same bytes, until it went through.
    expect(new Set([first, second, third].map((r) => r?.body.toString('utf8'))).size).toBe(1);

    const receipted = byAlert(await eventually(() => receipts(t), (rows) => rows.length === 5));
    const attempts = [...receipted.values()].sort((a, b) => b.length - a.length);
    expect(attempts).toEqual([['500:false', '500:false', '200:true'], ['200:true'], ['200:true']]);
    expect(receipted.get(String(first?.headers['x-casetrail-alert-id']))).toHaveLength(3);
  });

  it('leaves an alert it could not deliver to the runner, which reports the error and tries again later', async () => {
    let up = false;
    const { t, receiver, staff, clock } = await started(() => (up ? 200 : 503));
    await submitReview(t, staff, clock);

    // Every attempt of a run failed: the batch failed, its checkpoint stayed, and health says why.
    const health = async () =>
      ((await t.http().get('/api/health')).body as { projections: { name: string; lastError: string | null }[] }).projections.find(
        (p) => p.name === 'alert-webhook',
      )?.lastError ?? null;
    const error = await eventually(health, (lastError) => lastError !== null);
    expect(error).toMatch(/not delivered after \d+ attempts/);
    expect(receiver.delivered().size).toBe(0);

    up = true;
    await eventually(() => receiver.delivered(), (ids) => ids.size === 3);
    const retried = [...byAlert(await eventually(() => receipts(t), (rows) => rows.filter((r) => r.delivered).length === 3)).values()]
      .sort((a, b) => b.length - a.length)[0];
    // More attempts than one run makes: the runner came back to it.
    expect(retried?.length).toBeGreaterThan(3);
    expect(retried?.slice(0, -1).every((attempt) => attempt === '503:false')).toBe(true);
    expect(retried?.at(-1)).toBe('200:true');
    await eventually(health, (lastError) => lastError === null);
  });
});
