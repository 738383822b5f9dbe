import { CreateIdempotencyKeys1764300000100 } from './shared/http/migrations/1764300000100-create-idempotency-keys.js';
import { IdempotencyKeysHoldResponsesOnly1764300000110 } from './shared/http/migrations/1764300000110-idempotency-keys-hold-responses-only.js';
import { CreateIdentityReadModels1764300000200 } from './identity/migrations/1764300000200-create-identity-read-models.js';
import { CreateCaseReadModels1764300000300 } from './cases/migrations/1764300000300-create-case-read-models.js';
import { CreateReviewQueue1764300000400 } from './review/migrations/1764300000400-create-review-queue.js';
import { CreateDeadlines1764300000500 } from './deadlines/migrations/1764300000500-create-deadlines.js';
import { CreatePublications1764300000700 } from './publication/migrations/1764300000700-create-publications.js';
import { CreateAlertDeliveries1764300000800 } from './deadlines/migrations/1764300000800-create-alert-deliveries.js';
import { CreateCalendarNotices1764300000600 } from './calendar/migrations/1764300000600-create-calendar-notices.js';
import { AddDeadlineBasis1764300000900 } from './deadlines/migrations/1764300000900-add-deadline-basis.js';
import { CreateStatistics1764300001000 } from './reporting/migrations/1764300001000-create-statistics.js';
import { CreatePlanning1764300001100 } from './planning/migrations/1764300001100-create-planning.js';
import { CreatePublicBulletins1764300001300 } from './publication/migrations/1764300001300-create-public-bulletins.js';
import { AddStatisticsRollupAndSubmissions1764300001400 } from './reporting/migrations/1764300001400-add-statistics-rollup-and-submissions.js';
import { CreateLogLedger1764300001500 } from './eventstore/migrations/1764300001500-create-log-ledger.js';
import { CreatePersonalDataKeys1764300001650 } from './eventstore/migrations/1764300001650-create-personal-data-keys.js';
import { CreatePersonalDataRetained1764300001700 } from './eventstore/migrations/1764300001700-create-personal-data-retained.js';
import { WrapPersonalDataKeys1764300001800 } from './eventstore/migrations/1764300001800-wrap-personal-data-keys.js';
import { CreatePersonalDataErasureRebuilds1764300001900 } from './personal-data/migrations/1764300001900-create-personal-data-erasure-rebuilds.js';
import { CreateEventStore1764300000000 } from './eventstore/migrations/1764300000000-create-event-store.js';

/** Every context's migrations, in the order they apply. TypeORM records each by name in `migrations`. */
export const MIGRATIONS = [
  CreateEventStore1764300000000,
  CreateIdempotencyKeys1764300000100,
  IdempotencyKeysHoldResponsesOnly1764300000110,
  CreateIdentityReadModels1764300000200,
  CreateCaseReadModels1764300000300,
  CreateReviewQueue1764300000400,
  CreateDeadlines1764300000500,
  CreateCalendarNotices1764300000600,
  CreatePublications1764300000700,
  CreateAlertDeliveries1764300000800,
  AddDeadlineBasis1764300000900,
  CreateStatistics1764300001000,
  CreatePlanning1764300001100,
  CreatePublicBulletins1764300001300,
  AddStatisticsRollupAndSubmissions1764300001400,
  CreateLogLedger1764300001500,
  CreatePersonalDataKeys1764300001650,
  CreatePersonalDataRetained1764300001700,
  WrapPersonalDataKeys1764300001800,
  CreatePersonalDataErasureRebuilds1764300001900,
];
