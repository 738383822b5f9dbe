import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../shared/config/config.js';
import { shanghaiDate } from '../shared/domain/calendar-date.js';
import { type DemoPeriod, FIRST_DEMO_YEAR, MAX_CASES, periodName, twelveMonthsTo, yearPeriod } from './plan.js';
import { DemoError, type DemoResult, runDemo } from './runner.js';
import { plusDays } from './timeline.js';

const USAGE = `usage: npm run demo -- [--cases N] [--seed N] [--year YYYY | --until YYYY-MM-DD] [--concurrency N] [--resume]

Records a year of demo cases of 大足区 into the casetrail server at CASETRAIL_URL (default http://127.0.0.1:3000),
signing tokens with JWT_SECRET (default: the server's development secret).
  --cases N           inspections to record (default 3000, at most ${MAX_CASES})
  --seed N            the same seed records the same cases (default 2025)
  --until YYYY-MM-DD  the cases happen in the twelve months ending on this day (default: yesterday)
  --year YYYY         the cases happen in this past calendar year instead
  --concurrency N     requests in flight (default 12)
  --resume            send the plan although the demo agencies hold cases: with the same --seed, --cases and
                      period (--until or --year), steps already recorded are replayed by the server, not recorded again`;

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const err = (text: string): void => void process.stderr.write(`${text}\n`);

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new DemoError(`--${name} must be a whole number from ${min} to ${max}\n${USAGE}`);
  return value;
}

/**
 * The twelve months ending yesterday (Asia/Shanghai) unless told otherwise: the statistics and the public pages,
 * where a decision stays for a year, then show all of it, and no step lies in the future.
 */
function period(year: string | undefined, until: string | undefined): DemoPeriod {
  const yesterday = plusDays(shanghaiDate(new Date()), -1);
  if (year !== undefined && until !== undefined) throw new DemoError(`--year and --until name the period twice: give one\n${USAGE}`);
  if (year !== undefined) {
    const lastFullYear = Number(yesterday.slice(0, 4)) - (yesterday.endsWith('-12-31') ? 0 : 1);
    return yearPeriod(integer('year', year, lastFullYear, FIRST_DEMO_YEAR, lastFullYear));
  }
  const to = until ?? yesterday;
  const earliest = `${FIRST_DEMO_YEAR}-12-31`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || Number.isNaN(Date.parse(`${to}T00:00:00Z`)) || to < earliest || to > yesterday) {
    throw new DemoError(`--until must be a date from ${earliest} to ${yesterday} (YYYY-MM-DD)\n${USAGE}`);
  }
  return twelveMonthsTo(to);
}

function print(result: DemoResult): void {
  const seconds = (result.durationMs / 1000).toFixed(1);
  const { plan } = result;
  if (result.recorded) {
    const failed = result.failedCases.length;
    out(
      `\nRecorded ${plan.cases.length - failed} of ${plan.cases.length} cases of ${periodName(plan.period)} for ${plan.agencies.map((a) => a.agencyId).join(' and ')}` +
        ` in ${seconds} s: ${result.requests} requests${result.replayed > 0 ? ` (${result.replayed} replayed from an earlier run)` : ''}.`,
    );
    for (const { ref, error } of result.failedCases.slice(0, 10)) err(`  case ${ref} failed: ${error}`);
  } else {
    out(
      `\nThe demo agencies already hold ${result.existingCases} cases: nothing was recorded. ` +
        'Use an empty database to record the demo again, or --resume with the same --seed, --cases and period to complete an interrupted run' +
        ` (this one: --until ${result.plan.period.to}${periodName(result.plan.period).length === 4 ? ` or --year ${periodName(result.plan.period)}` : ''}).`,
    );
  }
  out(`\nTokens (valid for 7 days):`);
  for (const [role, token] of Object.entries(result.tokens)) {
    out(`  ${role.padEnd(9)} ${token.name} (${token.agency})\n            ${token.token}`);
  }
  out('\nOpen:');
  for (const [title, url] of Object.entries(result.links)) out(`  ${title.padEnd(33)} ${url}`);
  const district = result.tokens.district?.token;
  if (district) {
    out(`\n  curl -H 'Authorization: Bearer ${district}' \\\n    '${Object.values(result.links)[1] ?? ''}'`);
  }
}

try {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      seed: { type: 'string' },
      year: { type: 'string' },
      until: { type: 'string' },
      concurrency: { type: 'string' },
      resume: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    out(USAGE);
    process.exit(0);
  }
  const config = loadConfig({ JWT_SECRET: process.env.JWT_SECRET, NODE_ENV: process.env.NODE_ENV });
  const result = await runDemo({
    baseUrl: process.env.CASETRAIL_URL ?? 'http://127.0.0.1:3000',
    jwtSecret: config.jwtSecret,
    cases: integer('cases', values.cases, 3000, 1, MAX_CASES),
    seed: integer('seed', values.seed, 2025, 0, 2 ** 31),
    period: period(values.year, values.until),
    concurrency: integer('concurrency', values.concurrency, 12, 1, 64),
    resume: values.resume,
  });
  print(result);
  process.exit(result.failedCases.length > 0 ? 1 : 0);
} catch (error) {
  err(error instanceof DemoError || error instanceof ConfigError ? error.message : String(error));
  process.exit(2);
}
