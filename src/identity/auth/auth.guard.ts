import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from '../../shared/http/request-context.js';
import type { Role } from '../domain/roles.js';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import { actorFromClaims } from './token.js';
import { TokenVerifier } from './token-verifier.js';

/**
 * Every route needs a valid bearer token unless marked @Public(): HS256 only (so `alg: none` and key confusion
 * are refused), signature, expiry and not-before checked, every claim present and every role known.
 * Then @Roles() is enforced: a valid token without the role is 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/.exec(request.headers.authorization ?? '');
    if (!match?.[1]) throw new UnauthorizedException('A bearer token is required');
    const payload = this.tokens.verify(match[1]);
    if (payload === null) throw new UnauthorizedException('The token is invalid or expired');
    const actor = actorFromClaims(payload);
    if (!actor) throw new UnauthorizedException('The token lacks a required claim or names an unknown role');
    request.actor = actor;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required && !required.some((role) => actor.roles.includes(role))) {
      throw new ForbiddenException(`This requires the role ${required.join(' or ')}`);
    }
    return true;
  }
}
