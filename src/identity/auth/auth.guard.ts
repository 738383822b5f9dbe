import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Response } from 'express';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from '../../shared/http/request-context.js';
import type { Role } from '../../shared/domain/roles.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { PUBLIC_KEY, ROLES_KEY } from '../../shared/http/auth.decorators.js';
import { actorFromClaims } from './token.js';
import { TokenVerifier } from './token-verifier.js';

/**
 * Every route needs a valid bearer token unless marked @Public(): HS256 only (so `alg: none` and key confusion
 * are refused), signature, expiry and not-before checked, every claim present and every role known.
 * Then @Roles() is enforced: a valid token without the role is 403.
 * A client address that presented too many invalid tokens is answered 429 until its window ends.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly failures: AuthFailureLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const authorization = request.headers.authorization;
    if (authorization === undefined) throw new UnauthorizedException('A bearer token is required');
    // request.ip honours Express's `trust proxy`: without it, every client behind a proxy shares the proxy's address.
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const retryAfter = this.failures.retryAfter(address);
    if (retryAfter > 0) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
      throw new HttpException('Too many failed authentications from this address; retry later', HttpStatus.TOO_MANY_REQUESTS);
    }
    const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(authorization);
    const payload = match?.[1] ? this.tokens.verify(match[1]) : null;
    const actor = payload === null ? null : actorFromClaims(payload);
    if (!actor) {
      this.failures.recordFailure(address);
      throw new UnauthorizedException(
        payload === null ? 'The token is invalid or expired' : 'The token lacks a required claim or names an unknown role',
      );
    }
    request.actor = actor;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required && !required.some((role) => actor.roles.includes(role))) {
      throw new ForbiddenException(`This requires the role ${required.join(' or ')}`);
    }
    return true;
  }
}
