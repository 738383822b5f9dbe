import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** Reads `If-Match: "<version>"` (a weak or list form is refused): the version the client last saw. */
export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<Request>().headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^\s*"(\d{1,15})"\s*$/.exec(header);
  if (!match?.[1]) throw new BadRequestException('If-Match must be a single strong ETag such as "3"');
  return Number(match[1]);
});

export const etag = (version: number): string => `"${version}"`;
