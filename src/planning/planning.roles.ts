import type { Role } from '../shared/domain/roles.js';

/** Heads and administrators keep the pools, the item list and the recusals, and plan and draw. */
export const MANAGE_PLANNING: Role[] = ['head', 'admin'];
/** Everyone inside the agency may read them; auditors re-verify draws. */
export const READ_PLANNING: Role[] = ['officer', 'head', 'admin', 'auditor', 'reviewer'];
