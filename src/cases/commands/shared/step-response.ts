import type { Response } from 'express';
import { etag } from '../../../shared/http/if-match.js';

/** Every case command answers with the case's new version, also as its ETag. */
export function stepResponse<Extra extends object>(response: Response, version: number, extra?: Extra): { version: number } & Extra {
  response.setHeader('ETag', etag(version));
  return { ...(extra ?? ({} as Extra)), version };
}
