import { SetMetadata } from '@nestjs/common';
import type { Role } from '../domain/roles.js';

export const PUBLIC_KEY = 'casetrail:public';
export const ROLES_KEY = 'casetrail:roles';

/** The route needs no token (health, public pages). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** The caller must hold at least one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
