import { type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.js';
import { issueToken } from '../src/identity/auth/token-issuer.js';
import { type Role } from '../src/shared/domain/roles.js';
import { loadConfig } from '../src/shared/config/config.js';
import { BARE_INSERT_PATH, BareInsertBenchModule } from './bare-insert.module.js';
import { BENCH_QUEUE_PREFIX, type BenchConfig, HTTP_BENCH_DATABASE, HTTP_CLIENTS, LOCAL_REDIS_URL } from './config.js';
import { withScratchDatabase } from './database.js';
import { BenchHttpClient, type JsonResponse } from './http-client.js';
import { type Measurement, alternateRounds, rateOf, runWriters, summarizeLatencies } from './measure.js';

const BENCH_JWT_SECRET = 'casetrail-bench-secret-not-for-production-0123456789';
const WARM_UP_REQUESTS_PER_CLIENT = 20;

const AGENCY_ID = 'dazu-emb';
const AGENCY = {
  name: '重庆市大足区应急管理局',
  shortName: '区应急管理局',
  creditCode: '11500111009294712Y',
  powers: ['confiscation', 'production_suspension'],
};
const CERTIFICATE = { number: '渝执500111', validFrom: '2025-01-01', validUntil: '2028-12-31' };
const OPENED_CASE = {
  occurredAt: '2026-03-02T09:00:00+08:00',
  source: 'routine',
  party: { kind: 'organization', name: '重庆某机械制造有限公司', creditCode: '91500111MA5U3XQ128', legalRepresentative: '陈某' },
  location: '大足区龙岗街道某工业园3号厂房',
  summary: '对该公司安全生产情况进行日常检查',
};

interface Officer {
  readonly id: string;
  readonly token: string;
}

/** One concurrent client: the case only it records hazards on, as one of that case's officers. */
interface CaseClient {
  readonly caseId: string;
  readonly token: string;
}

interface CommandSide {
  readonly name: string;
  path(client: CaseClient): string;
}

const HAZARDS: CommandSide = {
  name: 'POST /api/cases/{id}/hazards',
  path: ({ caseId }) => `/api/cases/${caseId}/hazards`,
};
const BARE_INSERTS: CommandSide = { name: `POST ${BARE_INSERT_PATH}`, path: () => BARE_INSERT_PATH };

/** Stamped when sent: after the opening of the case and after the client's previous hazard, never in the future. */
const hazardBody = () => ({
  occurredAt: new Date().toISOString(),
  description: '二楼消防通道被杂物堵塞',
  severity: 'general',
});

const signToken = (sub: string, name: string, agency: string, roles: Role[]): string =>
  issueToken({ sub, name, agency, roles }, BENCH_JWT_SECRET);

/** The real application with the bare-insert route mounted, listening on an ephemeral loopback port. */
async function withRunningApp<T>(config: BenchConfig, work: (app: NestExpressApplication) => Promise<T>): Promise<T> {
  const app = await createApp(
    loadConfig({
      DATABASE_URL: config.httpDatabaseUrl,
      REDIS_URL: LOCAL_REDIS_URL,
      JWT_SECRET: BENCH_JWT_SECRET,
      LOG_LEVEL: 'silent',
      MIGRATIONS_RUN: 'true',
      // Its deadline worker must not take (and, finding no such stream here, drop) the jobs of another instance.
      QUEUE_PREFIX: BENCH_QUEUE_PREFIX,
    }),
    [BareInsertBenchModule],
  );
  try {
    await app.listen(0, '127.0.0.1');
    return await work(app);
  } finally {
    await app.close();
  }
}

const portOf = (app: NestExpressApplication): number => (app.getHttpServer().address() as AddressInfo).port;

async function registerOfficer(http: BenchHttpClient, adminToken: string, name: string, n: number): Promise<Officer> {
  const { officerId } = await http.create<{ officerId: string }>('POST', '/api/officers', adminToken, {
    name,
    agency: AGENCY_ID,
    roles: ['officer'],
    certificate: { ...CERTIFICATE, number: `${CERTIFICATE.number}${n}` },
  });
  return { id: officerId, token: signToken(officerId, name, AGENCY_ID, ['officer']) };
}

/** The district admin registers the agency and two officers, as an operator would. */
async function setUpAgency(http: BenchHttpClient): Promise<readonly [Officer, Officer]> {
  const admin = signToken('admin-district', '区管理员', 'dazu-district', ['admin', 'district']);
  await http.create('PUT', `/api/agencies/${AGENCY_ID}`, admin, AGENCY);
  return [await registerOfficer(http, admin, '张伟', 1), await registerOfficer(http, admin, '王芳', 2)];
}

/** A case per client, each inspected by both officers; the clients take turns at which of them records. */
async function openCases(http: BenchHttpClient, officers: readonly [Officer, Officer]): Promise<CaseClient[]> {
  const clients: CaseClient[] = [];
  for (let index = 0; index < HTTP_CLIENTS; index += 1) {
    const officer = index % 2 === 0 ? officers[0] : officers[1];
    const { caseId } = await http.create<{ caseId: string }>('POST', '/api/cases', officer.token, {
      ...OPENED_CASE,
      officerIds: officers.map(({ id }) => id),
    });
    clients.push({ caseId, token: officer.token });
  }
  return clients;
}

/** The answers of a round that were not 201; the first one's body says what went wrong. */
class UnexpectedAnswers {
  private count = 0;
  private first: JsonResponse | null = null;

  record(response: JsonResponse): void {
    this.count += 1;
    this.first ??= response;
  }

  throwIfAny(side: CommandSide, requests: number): void {
    if (!this.first) return;
    throw new Error(
      `${this.count} of ${requests} requests to ${side.name} did not answer 201; ` +
        `the first answered ${this.first.status}: ${this.first.body}`,
    );
  }
}

/** What every round runs against. */
interface HttpTarget {
  /** The application's own, for the checkpoints. */
  readonly dataSource: DataSource;
  readonly http: BenchHttpClient;
  readonly clients: readonly CaseClient[];
}

/**
 * Requests/s of one side: every client sends its requests one after the other, all clients at once. Each side
 * starts right after a checkpoint, for the reason given in the append bench.
 */
async function requestRate(
  { dataSource, http, clients }: HttpTarget,
  side: CommandSide,
  requestsPerClient: number,
  latenciesMs: number[],
): Promise<number> {
  const unexpected = new UnexpectedAnswers();
  await dataSource.query('CHECKPOINT');
  const rate = await rateOf(() =>
    runWriters(clients, requestsPerClient, async (client) => {
      const body = hazardBody();
      const started = performance.now();
      const response = await http.send('POST', side.path(client), client.token, body);
      latenciesMs.push(performance.now() - started);
      if (response.status !== 201) unexpected.record(response);
    }),
  );
  unexpected.throwIfAny(side, clients.length * requestsPerClient);
  return rate;
}

export const httpRequestsPerRound = (config: BenchConfig): number =>
  Math.ceil(config.httpRequestsPerRound / HTTP_CLIENTS) * HTTP_CLIENTS;

/**
 * Each hazard lengthens its case, and recording one reads the whole case again, so our side slows down from round
 * to round while the bare inserts do not: alternating cannot even that out, the rates per round show it.
 */
async function compareSides(target: HttpTarget, config: BenchConfig): Promise<[Measurement, Measurement]> {
  const operationsPerRound = httpRequestsPerRound(config);
  const requestsPerClient = operationsPerRound / HTTP_CLIENTS;
  const hazardLatencies: number[] = [];
  const bareInsertLatencies: number[] = [];
  await requestRate(target, BARE_INSERTS, WARM_UP_REQUESTS_PER_CLIENT, []);
  await requestRate(target, HAZARDS, WARM_UP_REQUESTS_PER_CLIENT, []);
  const [hazardRates, bareInsertRates] = await alternateRounds(
    config.rounds,
    () => requestRate(target, HAZARDS, requestsPerClient, hazardLatencies),
    () => requestRate(target, BARE_INSERTS, requestsPerClient, bareInsertLatencies),
  );
  return [
    { name: HAZARDS.name, operationsPerRound, rates: hazardRates, latency: summarizeLatencies(hazardLatencies) },
    {
      name: BARE_INSERTS.name,
      operationsPerRound,
      rates: bareInsertRates,
      latency: summarizeLatencies(bareInsertLatencies),
    },
  ];
}

/**
 * Hazards recorded over HTTP on the real application (auth, validation, load the case, decide, append) against
 * a route that does one INSERT behind the same pipeline, on a database of its own, dropped afterwards.
 */
export function benchHazardsOverHttp(config: BenchConfig): Promise<[Measurement, Measurement]> {
  return withScratchDatabase(config, HTTP_BENCH_DATABASE, () =>
    withRunningApp(config, async (app) => {
      const http = new BenchHttpClient(portOf(app));
      try {
        const clients = await openCases(http, await setUpAgency(http));
        return await compareSides({ dataSource: app.get(DataSource), http, clients }, config);
      } finally {
        http.close();
      }
    }),
  );
}
