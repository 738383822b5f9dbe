import { RequestMethod } from '@nestjs/common';

/**
 * The public pages' paths. They are for readers' browsers, so they live at /public/ and not under the API's /api
 * prefix; the JSON feeds keep theirs (/api/public/...), which is why the exclusion names each page and no wildcard.
 */
export const PUBLIC_PAGE_ROUTES = {
  decisions: 'public',
  decision: 'public/decisions/:publicationId',
  bulletins: 'public/bulletins',
  bulletin: 'public/bulletins/:year-:month',
} as const;

/** For `setGlobalPrefix('api', { exclude })`. */
export const OUTSIDE_API_PREFIX: { path: string; method: RequestMethod }[] = Object.values(PUBLIC_PAGE_ROUTES).map((path) => ({ path, method: RequestMethod.GET }));
