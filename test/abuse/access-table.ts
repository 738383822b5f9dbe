import type { Role } from '../../src/shared/domain/roles.js';

/**
 * What a caller of another agency meets on a route, with a role the route allows:
 * - `hidden`: the record is reported as not found (404), so its existence does not leak;
 * - `forbidden`: 403 (the route names the agency it acts on, e.g. `?agency=` or `PUT /agencies/{id}`);
 * - `scoped`: the route answers, about the caller's own agency only: nothing of the other agency shows in it;
 * - `shared`: data that belongs to no agency (the calendar, the list of agencies).
 * A caller with the `district` role sees every agency.
 */
export type OtherAgency = 'hidden' | 'forbidden' | 'scoped' | 'shared';

export interface AccessRule {
  /** No token needed (public pages and feeds, health, API documentation). */
  readonly public?: true;
  /** The roles that may call it; absent: any authenticated caller. */
  readonly roles?: readonly Role[];
  readonly other?: OtherAgency;
  /** Query string for the calls (required parameters), and for the calls of the other agency. */
  readonly query?: string;
  readonly otherQuery?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** May answer 503: readiness reports a projection that is behind while the matrix keeps the app busy. */
  readonly readiness?: true;
}

const PUBLIC: AccessRule = { public: true };
const MANAGE_PLANNING: Role[] = ['head', 'admin'];
const READ_PLANNING: Role[] = ['officer', 'head', 'admin', 'auditor', 'reviewer'];

/**
 * The declared access of every route, keyed by `METHOD path` as Express registered it. The matrix test requires an
 * entry for every registered route, so a new route cannot be added without saying who may call it.
 */
export const ACCESS: Readonly<Record<string, AccessRule>> = {
  'GET /api/docs': PUBLIC,
  'GET /api/docs/': PUBLIC,
  'GET /api/docs/index.html': PUBLIC,
  'GET /api/docs/LICENSE': PUBLIC,
  'GET /api/docs/swagger-ui-init.js': PUBLIC,
  'GET /api/docs/docs/swagger-ui-init.js': PUBLIC,
  'GET /api/docs-json': PUBLIC,
  'GET /api/docs-yaml': PUBLIC,
  'GET /api/health': { public: true, readiness: true },
  'GET /api/health/live': PUBLIC,

  'GET /api/streams/:streamId/verification': { roles: ['auditor', 'admin'], other: 'hidden' },
  'GET /api/log/checkpoints': PUBLIC,
  'GET /api/log/checkpoints/latest': PUBLIC,
  'POST /api/log/checkpoints': { roles: ['admin'], other: 'shared' },
  // The whole log's verification names streams of every agency by id only (no content): a district-wide audit.
  'POST /api/log/verification': { roles: ['auditor', 'admin'], other: 'shared' },

  // A subject's records belong to an agency: another agency's administrator finds no such subject.
  'GET /api/personal-data/subjects': { roles: ['admin'], other: 'scoped', query: 'record=case-00000000-0000-4000-8000-000000000001' },
  'GET /api/personal-data/subjects/:subjectId': { roles: ['admin'], other: 'hidden' },
  'POST /api/personal-data/subjects/:subjectId/restrict': { roles: ['admin'], other: 'hidden' },
  'POST /api/personal-data/subjects/:subjectId/restriction-lift': { roles: ['admin'], other: 'hidden' },
  'POST /api/personal-data/subjects/:subjectId/erase': { roles: ['admin'], other: 'hidden' },

  'PUT /api/calendar/years/:year': { roles: ['admin'], other: 'shared' },
  'GET /api/calendar/deadline': { other: 'shared', query: 'from=2026-03-02&workingDays=5' },
  'GET /api/calendar/years/:year': { other: 'shared' },

  'POST /api/officers': { roles: ['admin'], other: 'forbidden' },
  'POST /api/officers/:officerId/certificate-renewals': { roles: ['admin'], other: 'hidden' },
  'POST /api/officers/:officerId/certificate-revocation': { roles: ['admin'], other: 'hidden' },
  'GET /api/officers': { other: 'scoped', otherQuery: 'agency=dazu-emb' },
  'GET /api/officers/:officerId': { other: 'hidden' },
  'PUT /api/agencies/:agencyId': { roles: ['admin'], other: 'forbidden' },
  'GET /api/agencies': { other: 'shared' },
  'GET /api/agencies/:agencyId': { other: 'shared' },

  'POST /api/cases': { roles: ['officer'], other: 'scoped' },
  'GET /api/cases': { other: 'scoped', otherQuery: 'agency=dazu-emb' },
  'GET /api/cases/:caseId': { other: 'hidden' },
  'GET /api/cases/:caseId/events': { other: 'hidden' },
  'GET /api/cases/:caseId/integrity': { other: 'hidden' },
  'POST /api/cases/:caseId/hazards': { roles: ['officer'], other: 'hidden' },
  'POST /api/cases/:caseId/rectification-orders': { roles: ['officer'], other: 'hidden' },
  'POST /api/cases/:caseId/rectification-checks': { roles: ['officer'], other: 'hidden' },
  'POST /api/cases/:caseId/filing': { roles: ['officer'], other: 'hidden' },
  'POST /api/cases/:caseId/decision-extensions': { roles: ['head'], other: 'hidden' },
  'POST /api/cases/:caseId/evidence': { roles: ['officer'], other: 'hidden' },
  'GET /api/cases/:caseId/evidence/:evidenceId': { other: 'hidden', headers: { 'X-Access-Reason': 'case review' } },
  'POST /api/cases/:caseId/penalty-notice': { roles: ['officer'], other: 'hidden' },
  'POST /api/cases/:caseId/statements': { roles: ['officer'], other: 'hidden' },
  'POST /api/cases/:caseId/hearing-requests': { roles: ['officer'], other: 'hidden' },
  'POST /api/cases/:caseId/hearings': { roles: ['officer'], other: 'hidden' },
  'POST /api/cases/:caseId/collective-discussions': { roles: ['head'], other: 'hidden' },
  'POST /api/cases/:caseId/decision': { roles: ['head', 'officer'], other: 'hidden' },
  'POST /api/cases/:caseId/delivery': { roles: ['officer'], other: 'hidden' },
  'POST /api/cases/:caseId/payments': { roles: ['officer'], other: 'hidden' },
  'POST /api/cases/:caseId/decision-revocations': { roles: ['head'], other: 'hidden' },
  'POST /api/cases/:caseId/closure': { roles: ['head'], other: 'hidden' },
  'POST /api/cases/:caseId/payment-deferrals': { roles: ['head'], other: 'hidden' },
  'POST /api/cases/:caseId/remedies': { roles: ['officer', 'head'], other: 'hidden' },
  'POST /api/cases/:caseId/remedy-outcomes': { roles: ['officer', 'head'], other: 'hidden' },
  'POST /api/cases/:caseId/enforcement-reminders': { roles: ['officer', 'head'], other: 'hidden' },
  'POST /api/cases/:caseId/court-enforcement': { roles: ['head'], other: 'hidden' },
  'POST /api/cases/:caseId/corrections': { roles: ['head'], other: 'hidden' },
  'POST /api/cases/:caseId/persons': { roles: ['officer'], other: 'hidden' },
  'POST /api/cases/:caseId/persons/:personId/removal': { roles: ['officer'], other: 'hidden' },

  'GET /api/alerts': { other: 'scoped' },
  'POST /api/alerts/:alertId/ack': { other: 'hidden' },

  'POST /api/cases/:caseId/legal-review': { roles: ['officer'], other: 'hidden' },
  'POST /api/reviews/:reviewId/opinion': { roles: ['reviewer'], other: 'hidden' },
  'POST /api/reviews/:reviewId/extension': { roles: ['reviewer'], other: 'hidden' },
  // Unlike the reports, the figures ignore `agency` for a caller without the district role: their own agency's.
  'GET /api/reviews/figures': {
    roles: ['head', 'reviewer', 'auditor', 'district'],
    other: 'scoped',
    query: 'from=2026-01-01&to=2026-12-31',
    otherQuery: 'from=2026-01-01&to=2026-12-31&agency=dazu-emb',
  },
  'GET /api/reviews': { roles: ['reviewer', 'head', 'auditor'], other: 'scoped' },
  'GET /api/reviews/:reviewId': { other: 'hidden' },
  'GET /api/review/catalogue': { public: true, query: 'date=2026-03-02' },
  'GET /api/rule-sets': { public: true, query: 'date=2026-03-02' },

  'POST /api/planning/entities/import': { roles: MANAGE_PLANNING, other: 'scoped' },
  'GET /api/planning/entities': { roles: READ_PLANNING, other: 'scoped' },
  'POST /api/planning/entities/:creditCode/removal': { roles: MANAGE_PLANNING, other: 'hidden' },
  'POST /api/planning/items': { roles: MANAGE_PLANNING, other: 'scoped' },
  'POST /api/planning/items/:itemId/withdrawal': { roles: MANAGE_PLANNING, other: 'hidden' },
  'GET /api/planning/items': { roles: READ_PLANNING, other: 'scoped' },
  'GET /api/public/inspection-items': { public: true, query: 'agency=dazu-emb' },
  'POST /api/planning/recusals': { roles: MANAGE_PLANNING, other: 'scoped' },
  'POST /api/planning/recusals/:recusalId/lifting': { roles: MANAGE_PLANNING, other: 'hidden' },
  'GET /api/planning/recusals': { roles: READ_PLANNING, other: 'scoped' },
  'POST /api/plans': { roles: MANAGE_PLANNING, other: 'scoped' },
  'POST /api/plans/:planId/draw': { roles: MANAGE_PLANNING, other: 'hidden' },
  'POST /api/plans/:planId/inspections': { roles: ['officer', 'head'], other: 'hidden' },
  'POST /api/plans/:planId/completion': { roles: ['head'], other: 'hidden' },
  'GET /api/plans': { roles: READ_PLANNING, other: 'scoped' },
  'GET /api/plans/:planId': { roles: READ_PLANNING, other: 'hidden' },
  'GET /api/plans/:planId/draw/verify': { roles: READ_PLANNING, other: 'hidden' },
  'GET /api/public/plans/:planId': PUBLIC,

  'GET /api/publications': { roles: ['officer', 'head'], other: 'scoped' },
  'POST /api/publications/:publicationId/publish': { roles: ['officer', 'head'], other: 'hidden' },
  'POST /api/publications/:publicationId/withdraw': { roles: ['officer', 'head'], other: 'hidden' },
  'GET /api/publications/redaction-reviews': { roles: ['reviewer', 'admin'], other: 'scoped' },
  'POST /api/publications/:publicationId/redaction-release': { roles: ['reviewer', 'admin'], other: 'hidden' },
  'GET /api/publications/compliance': { roles: ['head', 'auditor', 'district'], other: 'scoped', query: 'year=2026' },
  'GET /api/public/penalties': PUBLIC,
  'GET /api/public/licensing': PUBLIC,
  'POST /api/licensing-decisions': { roles: ['officer'], other: 'scoped' },
  'GET /api/public/bulletins/:month': PUBLIC,
  'GET /public': PUBLIC,
  'GET /public/decisions/:publicationId': PUBLIC,
  'GET /public/bulletins': PUBLIC,
  'GET /public/bulletins/:year-:month': PUBLIC,
  'GET /public/plans/:planId': PUBLIC,

  'GET /api/reports/statistics': {
    other: 'forbidden',
    query: 'from=2026-01-01&to=2026-12-31',
    otherQuery: 'from=2026-01-01&to=2026-12-31&agency=dazu-emb',
  },
  'POST /api/reports/submissions': { roles: ['admin', 'district'], other: 'forbidden' },
  'GET /api/reports/submissions': { other: 'forbidden', otherQuery: 'agency=dazu-emb' },
  'GET /api/reports/annual': { other: 'forbidden', query: 'year=2025', otherQuery: 'year=2025&agency=dazu-emb' },
};
