import path from 'node:path';

/**
 * Configuration is read once, at startup, from the environment. A missing or malformed value is a ConfigError whose
 * message is one line that names the variable, so an operator sees at once what to fix.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Where the data lives: a PostgreSQL server (DATABASE_URL), or, without one, an embedded PostgreSQL (PGlite) that
 * the process starts itself, with its files under `dataDir`. Embedded is for trying casetrail on one machine.
 */
export type DatabaseMode = { readonly kind: 'server'; readonly url: string } | { readonly kind: 'embedded'; readonly dataDir: string };
/** Where the BullMQ queues live: Redis (REDIS_URL), or, without it, BullMQ's PostgreSQL backend on the database. */
export type QueueMode = { readonly kind: 'redis'; readonly url: string } | { readonly kind: 'postgres' };

export interface AppConfig {
  readonly nodeEnv: string;
  readonly port: number;
  readonly database: DatabaseMode;
  /**
   * The server every connection goes to: DATABASE_URL, or, in embedded mode, empty until the embedded server runs
   * and `withDatabaseUrl` sets its address.
   */
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  readonly queues: QueueMode;
  readonly jwtSecret: string;
  /** True when JWT_SECRET was not set and the development secret is in use. */
  readonly jwtSecretIsDevelopmentDefault: boolean;
  /** Origins (`scheme://host[:port]`) whose browser scripts may call the API; empty: no cross-origin calls. */
  readonly corsOrigins: readonly string[];
  /** Failed bearer verifications a client address may make per minute before it is answered 429; 0: no limit. */
  readonly authFailureLimit: number;
  readonly logLevel: LogLevel;
  readonly migrationsRun: boolean;
  readonly projectionPollMs: number;
  /** Prefix of every BullMQ key: instances that share it share their queues. */
  readonly queuePrefix: string;
  /** How often the reconciler re-creates missing deadline jobs from PostgreSQL. */
  readonly deadlineReconcileMs: number;
  /**
   * How long the alert of a stage already past when its deadline is set (a step recorded with a past business date)
   * waits, so that the client can record the step that meets it first.
   */
  readonly deadlineBackfillGraceMs: number;
  /** The legal review time limit, in working days. */
  readonly reviewTimeLimitWorkingDays: number;
  /** Where deadline alerts are delivered (JSON POST, signed); unset: alerts stay in the API only. */
  readonly alertWebhookUrl: string | null;
  readonly alertWebhookSecret: string | null;
  /** The external credit platform's intake for published decisions (JSON POST); unset: nothing is pushed. */
  readonly creditPlatformUrl: string | null;
  /** Bearer token Prometheus sends to `/metrics`; unset: `/metrics` is open (keep it on an internal network). */
  readonly metricsToken: string | null;
  /**
   * The Ed25519 key that signs the log's checkpoints (PEM, PKCS#8), created there on first start when missing. It must
   * live where the database role cannot read it: whoever can sign can cover a rewritten log.
   */
  readonly checkpointKeyFile: string;
  /** How often a checkpoint of the ledger head is signed, when the ledger has grown. */
  readonly checkpointIntervalMs: number;
  /** A file outside the database that always holds the latest signed checkpoint line; unset: none is written. */
  readonly checkpointWitnessFile: string | null;
  /**
   * The key-encryption key (base64 of 32 bytes) that wraps every data subject's key in `personal_data_keys`, created
   * there on first start when missing and no key is wrapped yet. Like the signing key, it must live where the
   * database role cannot read it: with it, a copy of the key table opens every person.
   */
  readonly personalDataKekFile: string;
  /** During a rotation, the KEK the keys not yet rewrapped are under (`casetrail personal-data rewrap`); else null. */
  readonly personalDataKekPreviousFile: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** The example in error messages; without DATABASE_URL the embedded database is used. */
export const EXAMPLE_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5432/casetrail';
const EXAMPLE_REDIS_URL = 'redis://127.0.0.1:6379';
/** Embedded mode keeps its files here (relative to the working directory) unless CASETRAIL_DATA_DIR says otherwise. */
export const DEFAULT_DATA_DIR = 'data';
/** Only for local use: production (NODE_ENV=production) refuses to start without JWT_SECRET. */
const DEVELOPMENT_JWT_SECRET = 'casetrail-development-secret-not-for-production';
const MIN_SECRET_LENGTH = 32;
/**
 * PGlite runs one statement at a time, but a few connections keep it busy while the app works between statements:
 * 8 recorded about twice as many hazards per second as 2 with 8 concurrent clients.
 */
const EMBEDDED_POOL_SIZE = 8;

type Env = Readonly<Record<string, string | undefined>>;

function present(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

function url(env: Env, name: string, fallback: string, protocols: readonly string[]): string {
  const raw = present(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL like ${fallback} (got a value that is not a URL)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use one of ${protocols.join(', ')} (got "${parsed.protocol}")`);
  }
  return raw;
}

function database(env: Env): DatabaseMode {
  if (present(env, 'DATABASE_URL') === undefined) {
    return { kind: 'embedded', dataDir: path.resolve(present(env, 'CASETRAIL_DATA_DIR') ?? DEFAULT_DATA_DIR) };
  }
  return { kind: 'server', url: url(env, 'DATABASE_URL', EXAMPLE_DATABASE_URL, ['postgres:', 'postgresql:']) };
}

function queues(env: Env): QueueMode {
  if (present(env, 'REDIS_URL') === undefined) return { kind: 'postgres' };
  return { kind: 'redis', url: url(env, 'REDIS_URL', EXAMPLE_REDIS_URL, ['redis:', 'rediss:']) };
}

/** The configuration with the address of the embedded server, once it runs. */
export function withDatabaseUrl(config: AppConfig, databaseUrl: string): AppConfig {
  return { ...config, databaseUrl };
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

function corsOrigins(env: Env): string[] {
  const raw = present(env, 'CORS_ORIGINS');
  if (raw === undefined) return [];
  return raw.split(',').map((entry) => {
    const origin = entry.trim();
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    // An exact origin only: a wildcard or a path would let more callers in than the operator named.
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin || origin.includes('*')) {
      throw new ConfigError('CORS_ORIGINS', `must be comma-separated origins like https://cases.example.gov.cn (got "${origin}")`);
    }
    return origin;
  });
}

function alertWebhook(env: Env): { alertWebhookUrl: string | null; alertWebhookSecret: string | null } {
  const raw = present(env, 'ALERT_WEBHOOK_URL');
  if (raw === undefined) return { alertWebhookUrl: null, alertWebhookSecret: null };
  const alertWebhookUrl = url(env, 'ALERT_WEBHOOK_URL', raw, ['http:', 'https:']);
  const secret = present(env, 'ALERT_WEBHOOK_SECRET');
  if (secret === undefined || secret.length < 16) {
    throw new ConfigError('ALERT_WEBHOOK_SECRET', 'must be set (at least 16 characters) when ALERT_WEBHOOK_URL is');
  }
  return { alertWebhookUrl, alertWebhookSecret: secret };
}

function metricsToken(env: Env): string | null {
  const raw = present(env, 'METRICS_TOKEN');
  if (raw === undefined) return null;
  if (raw.length < 16 || /\s/.test(raw)) throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters without spaces');
  return raw;
}

function queuePrefix(env: Env): string {
  const raw = present(env, 'QUEUE_PREFIX') ?? 'casetrail';
  if (!/^[\w-]{1,64}$/.test(raw)) throw new ConfigError('QUEUE_PREFIX', `must be 1 to 64 letters, digits, _ or - (got "${raw}")`);
  return raw;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = present(env, 'NODE_ENV') ?? 'development';
  const secret = present(env, 'JWT_SECRET');
  if (secret === undefined && nodeEnv === 'production') {
    throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
  }
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError('JWT_SECRET', `must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  const logLevel = (present(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }
  const db = database(env);
  const embedded = db.kind === 'embedded';
  const keyFile = present(env, 'CHECKPOINT_KEY_FILE');
  if (keyFile === undefined && nodeEnv === 'production') {
    throw new ConfigError('CHECKPOINT_KEY_FILE', 'is required when NODE_ENV=production (the key that signs log checkpoints)');
  }
  const witnessFile = present(env, 'CHECKPOINT_WITNESS_FILE');
  const kekFile = present(env, 'PERSONAL_DATA_KEK_FILE');
  if (kekFile === undefined && nodeEnv === 'production') {
    throw new ConfigError('PERSONAL_DATA_KEK_FILE', 'is required when NODE_ENV=production (the key that wraps the personal-data keys)');
  }
  const previousKekFile = present(env, 'PERSONAL_DATA_KEK_PREVIOUS_FILE');
  return {
    nodeEnv,
    port: integer(env, 'PORT', 3000, 1, 65535),
    database: db,
    databaseUrl: db.kind === 'server' ? db.url : '',
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', embedded ? EMBEDDED_POOL_SIZE : 10, 2, 200),
    queues: queues(env),
    jwtSecret: secret ?? DEVELOPMENT_JWT_SECRET,
    jwtSecretIsDevelopmentDefault: secret === undefined,
    corsOrigins: corsOrigins(env),
    authFailureLimit: integer(env, 'AUTH_FAILURE_LIMIT', 20, 0, 100_000),
    logLevel: logLevel as LogLevel,
    migrationsRun: boolean(env, 'MIGRATIONS_RUN', true),
    // Embedded, no notification reaches the runners from the database: appends of this process wake them, and the
    // poll is the fallback.
    projectionPollMs: integer(env, 'PROJECTION_POLL_MS', embedded ? 500 : 1000, 10, 600000),
    queuePrefix: queuePrefix(env),
    deadlineReconcileMs: integer(env, 'DEADLINE_RECONCILE_MS', 300_000, 1000, 86_400_000),
    deadlineBackfillGraceMs: integer(env, 'DEADLINE_BACKFILL_GRACE_MS', 60_000, 0, 86_400_000),
    reviewTimeLimitWorkingDays: integer(env, 'REVIEW_TIME_LIMIT_WORKING_DAYS', 7, 1, 60),
    ...alertWebhook(env),
    creditPlatformUrl: present(env, 'CREDIT_PLATFORM_URL') === undefined ? null : url(env, 'CREDIT_PLATFORM_URL', '', ['http:', 'https:']),
    metricsToken: metricsToken(env),
    checkpointKeyFile: path.resolve(keyFile ?? path.join(present(env, 'CASETRAIL_DATA_DIR') ?? DEFAULT_DATA_DIR, 'checkpoint-signing-key.pem')),
    checkpointIntervalMs: integer(env, 'CHECKPOINT_INTERVAL_MS', 60_000, 100, 86_400_000),
    checkpointWitnessFile: witnessFile === undefined ? null : path.resolve(witnessFile),
    personalDataKekFile: path.resolve(kekFile ?? path.join(present(env, 'CASETRAIL_DATA_DIR') ?? DEFAULT_DATA_DIR, 'personal-data-kek')),
    personalDataKekPreviousFile: previousKekFile === undefined ? null : path.resolve(previousKekFile),
  };
}
