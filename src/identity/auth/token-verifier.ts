import { type KeyObject, createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { APP_CONFIG } from '../../shared/config/config.module.js';
import type { AppConfig } from '../../shared/config/config.js';

/**
 * Verifies bearer tokens: HS256 only, signature, expiry and not-before. The key is built once: given a string,
 * jsonwebtoken first tries to parse it as a public key on every call, which costs more than the check itself.
 */
@Injectable()
export class TokenVerifier {
  private readonly key: KeyObject;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  /** The payload, or null for any token that does not verify. */
  verify(token: string): unknown {
    try {
      return jwt.verify(token, this.key, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
  }
}
