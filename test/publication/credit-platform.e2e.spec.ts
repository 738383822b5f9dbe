import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { type Staff, openCase, setUpAgency } from '../support/cases.js';

/** A stand-in for the credit platform's intake on 127.0.0.1: refuses the first requests, then takes them. */
let server: Server;
const received: { idempotencyKey: string | undefined; body: { action: string; record: { decisionNumber: string } } }[] = [];
let refuseNext = 0;
let t: TestApp;
let staff: Staff;

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (refuseNext > 0) {
        refuseNext -= 1;
        response.writeHead(500).end('busy');
        return;
      }
      received.push({ idempotencyKey: request.headers['idempotency-key'] as string | undefined, body: JSON.parse(body) });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ receipt: `CP-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  t = await startTestApp({
    env: { CREDIT_PLATFORM_URL: `http://127.0.0.1:${port}/intake` },
    clock: new ControlledClock(new Date('2026-03-02T12:00:00+08:00')),
  });
  staff = await setUpAgency(t);
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('the credit platform connector', () => {
  it('pushes a published record, retrying a platform that refuses, and records its receipt once', async () => {
    const caseId = await openCase(t, staff);
    await t.http().post(`/api/cases/${caseId}/decision`).auth(staff.officerA.token, { type: 'bearer' }).send({
      occurredAt: '2026-03-02T09:20:00+08:00',
      procedure: 'simple',
      outcome: 'penalty',
      decisionNumber: '大足应急简罚〔2026〕31号',
      penalties: [{ type: 'warning' }],
    }).expect(201);
    await t.settle();
    refuseNext = 2;
    await t.http().post(`/api/publications/${caseId}/publish`).auth(staff.officerA.token, { type: 'bearer' }).send({ occurredAt: '2026-03-02T11:00:00+08:00' }).expect(201);
    await t.settle();
    expect(received).toEqual([
      { idempotencyKey: expect.any(String), body: expect.objectContaining({ action: 'publish', record: expect.objectContaining({ decisionNumber: '大足应急简罚〔2026〕31号' }) }) },
    ]);
    const receipts = await t.app
      .get(DataSource)
      .query<{ data: { statusCode: number; receipt: string } }[]>(
        `SELECT data FROM events WHERE stream_id = $1 AND type = 'CreditPlatformReceiptRecorded'`,
        [`publication-${caseId}`],
      );
    expect(receipts.map((r) => r.data)).toEqual([{ action: 'publish', statusCode: 200, receipt: '{"receipt":"CP-1"}' }]);
  });
});
