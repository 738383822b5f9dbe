import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { type Observable, map } from 'rxjs';
import { etag } from './if-match.js';
import { Reply } from './reply.js';

/**
 * Unwraps the Reply a handler returns: sets its status, `ETag` and `Location` on the response, then lets Nest send
 * its body. Anything else a handler returns passes through as it is.
 *
 * It runs inside IdempotencyInterceptor (see app.ts), so that the status and headers are on the response when that
 * one stores them to replay.
 */
@Injectable()
export class ReplyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((value: unknown) => {
        if (!(value instanceof Reply)) return value;
        const reply: Reply<unknown> = value;
        if (reply.status !== undefined) response.status(reply.status);
        if (reply.version !== undefined) response.setHeader('ETag', etag(reply.version));
        if (reply.location !== undefined) response.setHeader('Location', reply.location);
        return reply.body;
      }),
    );
  }
}
