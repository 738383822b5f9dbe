import jwt from 'jsonwebtoken';
import type { TokenClaims } from './token.js';

/** Signs a token as the identity provider would; used by the CLI, the demo and the tests. */
export function issueToken(claims: TokenClaims, secret: string, expiresInSeconds = 12 * 3600): string {
  return jwt.sign({ ...claims, roles: [...claims.roles] }, secret, { algorithm: 'HS256', expiresIn: expiresInSeconds });
}
