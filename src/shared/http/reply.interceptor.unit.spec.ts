import { describe, expect, it } from '@jest/globals';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import { lastValueFrom, of } from 'rxjs';
import { ReplyInterceptor } from './reply.interceptor.js';
import { created, withStatus, withVersion } from './reply.js';

function run(returned: unknown, status = 200): Promise<{ body: unknown; status: number; headers: Record<string, string> }> {
  const headers: Record<string, string> = {};
  const response = {
    statusCode: status,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    setHeader(name: string, value: string) {
      headers[name.toLowerCase()] = value;
      return this;
    },
  };
  const context = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response as unknown as Response }),
  } as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of(returned) };
  return lastValueFrom(new ReplyInterceptor().intercept(context, next)).then((body) => ({
    body,
    status: response.statusCode,
    headers,
  }));
}

describe('ReplyInterceptor', () => {
  it('sends the body of a versioned reply with its version as a strong ETag, keeping the route status', async () => {
    expect(await run(withVersion({ version: 3 }, 3))).toEqual({ body: { version: 3 }, status: 200, headers: { etag: '"3"' } });
  });

  it('answers a creation with 201, its ETag and its Location', async () => {
    expect(await run(created({ caseId: 'c-1', version: 1 }, { version: 1, location: '/api/cases/c-1' }))).toEqual({
      body: { caseId: 'c-1', version: 1 },
      status: 201,
      headers: { etag: '"1"', location: '/api/cases/c-1' },
    });
  });

  it('answers a creation by PUT with 201 and no Location', async () => {
    expect(await run(created({ version: 1 }, { version: 1 }))).toEqual({ body: { version: 1 }, status: 201, headers: { etag: '"1"' } });
  });

  it('sets another status without any header', async () => {
    expect(await run(withStatus({ status: 'degraded' }, 503))).toEqual({ body: { status: 'degraded' }, status: 503, headers: {} });
  });

  it('passes anything else through untouched', async () => {
    expect(await run({ items: [] })).toEqual({ body: { items: [] }, status: 200, headers: {} });
    expect(await run(undefined, 204)).toEqual({ body: undefined, status: 204, headers: {} });
  });
});
