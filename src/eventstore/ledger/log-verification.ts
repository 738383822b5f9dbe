import { type KeyObject } from 'node:crypto';
import pg from 'pg';
import { type ChainRow, type VerifyResult, verifyChain } from '../event-store.js';
import { type Checkpoint, isSignedBy, parseCheckpoint } from './checkpoint.js';
import { LEDGER_GENESIS, ledgerLink } from './ledger-chain.js';
import { LOG_LEDGER } from './log-ledger.projection.js';

const PAGE = 5000;
const REPORTED = 1000;

export interface LedgerProblem {
  readonly position: number;
  readonly globalPosition: number | null;
  readonly streamId: string | null;
  readonly streamVersion: number | null;
  readonly reason: string;
}

export interface CheckpointCheck {
  readonly checkpoint: Checkpoint;
  /** Where it came from: the database, the witness file, or a line given to `verify`. */
  readonly source: 'log' | 'witness' | 'held';
  readonly ok: boolean;
  readonly reason: string | null;
}

/** A range of global positions with no event: harmless when the ledger never sealed one there (a rolled-back append). */
export interface PositionGap {
  readonly from: number;
  readonly to: number;
  readonly sealedEvents: number;
}

export interface LogVerification {
  readonly streams: number;
  readonly events: number;
  readonly broken: readonly Extract<VerifyResult, { ok: false }>[];
  /** Events whose occurred_at column (used for statistics) is not the occurredAt their hashed metadata states. */
  readonly occurredAtMismatches: readonly { streamId: string; streamVersion: number }[];
  readonly ledger: { readonly entries: number; readonly unsealed: number; readonly problems: readonly LedgerProblem[] };
  /** Streams the ledger sealed events of that have no event and no head left: a case deleted whole. */
  readonly missingStreams: readonly { readonly streamId: string; readonly sealedVersion: number }[];
  readonly checkpoints: readonly CheckpointCheck[];
  readonly gaps: { readonly ranges: readonly PositionGap[]; readonly count: number; readonly positions: number };
  readonly ok: boolean;
}

export interface VerifyLogOptions {
  /** The key checkpoints must be signed with; without it signatures are not checked (and the result says so). */
  readonly publicKey?: KeyObject | null;
  /** Checkpoint lines kept outside the database, each checked against the ledger as it is now. */
  readonly held?: readonly { readonly line: string; readonly source: 'witness' | 'held' }[];
  readonly onProgress?: (done: number, total: number) => void;
}

interface LedgerRow {
  position: string;
  global_position: string;
  stream_id: string;
  stream_version: string;
  event_hash: Buffer;
  chain: Buffer;
  found_hash: Buffer | null;
}

/**
 * Verifies the whole log in one snapshot, so that appends going on meanwhile are not mistaken for damage:
 * 1. every stream's hash chain against its head (`verifyChain`, behind the stream verification endpoint too);
 * 2. the ledger: entries numbered without gaps, each link recomputed, each sealed event still there unchanged, and
 *    no event slipped in behind the seal;
 * 3. every signed checkpoint (in the database, in the witness file, or held by whoever runs this) against the ledger;
 * 4. the gaps in global positions, each with whether the ledger had sealed an event inside it.
 */
export async function verifyLog(databaseUrl: string, options: VerifyLogOptions = {}): Promise<LogVerification> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'casetrail verify' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [totals] = (
      await client.query<{ events: string; entries: string }>(
        'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM log_ledger) AS entries',
      )
    ).rows;
    const total = Number(totals?.events ?? 0);
    const entries = Number(totals?.entries ?? 0);
    const progress = (done: number): void => options.onProgress?.(done, total + entries);

    const streamCheck = await verifyStreams(client, (done) => progress(done));
    const checkpoints = await checkpointsInLog(client);
    const held = (options.held ?? []).map(({ line, source }) => ({ line, source, checkpoint: parseCheckpoint(line) }));
    const wanted = new Set<number>([...checkpoints, ...held.flatMap((item) => item.checkpoint ?? [])].map((cp) => cp.entries));
    const ledger = await walkLedger(client, wanted, (done) => progress(total + done));

    const ledgerHead = await client.query<{ transaction_id: string; global_position: string }>(
      `SELECT transaction_id::text AS transaction_id, global_position FROM projection_checkpoints WHERE name = $1`,
      [LOG_LEDGER],
    );
    const sealedThrough = ledgerHead.rows[0] ?? { transaction_id: '0', global_position: '0' };
    const { rows: unsealedRows } = await client.query<{ global_position: string; stream_id: string; stream_version: string; behind: boolean }>(
      `SELECT e.global_position, e.stream_id, e.stream_version,
              (e.transaction_id, e.global_position) <= ($1::xid8, $2::bigint) AS behind
       FROM events e WHERE NOT EXISTS (SELECT 1 FROM log_ledger l WHERE l.global_position = e.global_position)
       ORDER BY e.global_position`,
      [sealedThrough.transaction_id, sealedThrough.global_position],
    );
    const problems = [...ledger.problems];
    for (const row of unsealedRows.filter((unsealed) => unsealed.behind).slice(0, REPORTED)) {
      problems.push({
        position: 0,
        globalPosition: Number(row.global_position),
        streamId: row.stream_id,
        streamVersion: Number(row.stream_version),
        reason: 'the event was added to the log behind the ledger seal',
      });
    }

    const { rows: missing } = await client.query<{ stream_id: string; sealed: string }>(
      `SELECT l.stream_id, max(l.stream_version) AS sealed FROM log_ledger l
       WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = l.stream_id)
         AND NOT EXISTS (SELECT 1 FROM streams s WHERE s.stream_id = l.stream_id)
       GROUP BY l.stream_id ORDER BY l.stream_id`,
    );

    const checks: CheckpointCheck[] = [
      ...checkpointChecks(checkpoints, 'log', ledger, options.publicKey ?? null),
      ...held.map(({ line, source, checkpoint }) =>
        checkpoint
          ? checkCheckpoint(checkpoint, source, ledger, options.publicKey ?? null)
          : { checkpoint: { number: 0, entries: 0, head: '', signedAt: '', keyId: '', signature: '' }, source, ok: false, reason: `not a checkpoint line: ${line.slice(0, 80)}` },
      ),
    ];
    const gaps = await positionGaps(client);
    await client.query('COMMIT');

    const ok =
      streamCheck.broken.length === 0 &&
      streamCheck.occurredAtMismatches.length === 0 &&
      problems.length === 0 &&
      missing.length === 0 &&
      checks.every((check) => check.ok) &&
      gaps.ranges.every((gap) => gap.sealedEvents === 0);
    return {
      ...streamCheck,
      events: total,
      ledger: { entries, unsealed: unsealedRows.length, problems },
      missingStreams: missing.map((row) => ({ streamId: row.stream_id, sealedVersion: Number(row.sealed) })),
      checkpoints: checks,
      gaps,
      ok,
    };
  } finally {
    await client.end();
  }
}

async function verifyStreams(
  client: pg.Client,
  onProgress: (done: number) => void,
): Promise<Pick<LogVerification, 'streams' | 'broken' | 'occurredAtMismatches'>> {
  const broken: Extract<VerifyResult, { ok: false }>[] = [];
  let streams = 0;
  /** Checks whole streams, their heads read in one query. */
  const check = async (groups: ReadonlyMap<string, readonly ChainRow[]>): Promise<void> => {
    if (groups.size === 0) return;
    const { rows: heads } = await client.query<{ stream_id: string; version: string; last_hash: Buffer }>(
      'SELECT stream_id, version, last_hash FROM streams WHERE stream_id = ANY($1::text[])',
      [[...groups.keys()]],
    );
    const headOf = new Map(heads.map((head) => [head.stream_id, { version: Number(head.version), lastHash: head.last_hash.toString('hex') }]));
    for (const [streamId, rows] of groups) {
      const result = verifyChain(streamId, rows, headOf.get(streamId) ?? null);
      streams += 1;
      if (!result.ok) broken.push(result);
    }
  };
  // The last stream of a page may go on in the next one: its rows wait until it is whole.
  let pending: ChainRow[] = [];
  let done = 0;
  for (let after: [string, number] | null = null; ; ) {
    const { rows }: { rows: ChainRow[] } = await client.query<ChainRow>(
      `SELECT stream_id, stream_type, stream_version, event_id, type, schema_version, data, metadata, agency_id,
              recorded_at, prev_hash, hash
       FROM events ${after ? 'WHERE (stream_id, stream_version) > ($1, $2)' : ''}
       ORDER BY stream_id, stream_version LIMIT ${PAGE}`,
      after ?? [],
    );
    const last = rows.at(-1);
    const more = last !== undefined && rows.length === PAGE;
    const groups = new Map<string, ChainRow[]>();
    for (const row of [...pending, ...rows]) {
      const group = groups.get(row.stream_id);
      if (group) group.push(row);
      else groups.set(row.stream_id, [row]);
    }
    pending = [];
    if (more) {
      pending = groups.get(last.stream_id) ?? [];
      groups.delete(last.stream_id);
    }
    await check(groups);
    done += rows.length;
    onProgress(done);
    if (!more) break;
    after = [last.stream_id, Number(last.stream_version)];
  }
  // Heads whose stream has no event left.
  const { rows: empty } = await client.query<{ stream_id: string }>(
    'SELECT stream_id FROM streams s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = s.stream_id) ORDER BY stream_id',
  );
  await check(new Map(empty.map(({ stream_id }) => [stream_id, []])));
  const { rows: mismatches } = await client.query<{ stream_id: string; stream_version: string }>(
    `SELECT stream_id, stream_version FROM events
     WHERE occurred_at IS DISTINCT FROM (metadata->>'occurredAt')::timestamptz ORDER BY stream_id, stream_version LIMIT ${REPORTED}`,
  );
  broken.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  return {
    streams,
    broken,
    occurredAtMismatches: mismatches.map((row) => ({ streamId: row.stream_id, streamVersion: Number(row.stream_version) })),
  };
}

interface LedgerWalk {
  readonly length: number;
  /** The recomputed link at each position a checkpoint names (only where the chain up to it held). */
  readonly linkAt: ReadonlyMap<number, string>;
  readonly problems: readonly LedgerProblem[];
}

async function walkLedger(client: pg.Client, wanted: ReadonlySet<number>, onProgress: (done: number) => void): Promise<LedgerWalk> {
  const problems: LedgerProblem[] = [];
  const report = (problem: LedgerProblem): void => {
    if (problems.length < REPORTED) problems.push(problem);
  };
  const linkAt = new Map<number, string>();
  let previous = LEDGER_GENESIS;
  let expected = 1;
  let intact = true;
  for (let after = 0; ; ) {
    const { rows } = await client.query<LedgerRow>(
      `SELECT l.position, l.global_position, l.stream_id, l.stream_version, l.event_hash, l.chain, e.hash AS found_hash
       FROM log_ledger l LEFT JOIN events e ON e.global_position = l.global_position
       WHERE l.position > $1 ORDER BY l.position LIMIT ${PAGE}`,
      [after],
    );
    for (const row of rows) {
      const position = Number(row.position);
      const where = { globalPosition: Number(row.global_position), streamId: row.stream_id, streamVersion: Number(row.stream_version) };
      if (position !== expected) {
        report({ position: expected, globalPosition: null, streamId: null, streamVersion: null, reason: `ledger entries ${expected} to ${position - 1} are missing` });
        intact = false;
      }
      const eventHash = row.event_hash.toString('hex');
      const link = ledgerLink(previous, { position, globalPosition: where.globalPosition, eventHash });
      if (intact && link !== row.chain.toString('hex')) {
        report({ position, ...where, reason: 'the ledger entry does not match its link' });
        intact = false;
      }
      if (!row.found_hash) report({ position, ...where, reason: 'the sealed event is missing from the log' });
      else if (row.found_hash.toString('hex') !== eventHash) report({ position, ...where, reason: 'the event was changed after it was sealed' });
      if (intact && wanted.has(position)) linkAt.set(position, link);
      // After a break the stored links are all that is left to compare with: checkpoints past it then fail.
      previous = intact ? link : row.chain.toString('hex');
      expected = position + 1;
    }
    const last = rows.at(-1);
    if (last) after = Number(last.position);
    onProgress(after);
    if (rows.length < PAGE) break;
  }
  return { length: expected - 1, linkAt, problems };
}

async function checkpointsInLog(client: pg.Client): Promise<Checkpoint[]> {
  const { rows } = await client.query<{ number: string; statement: string }>('SELECT number, statement FROM log_checkpoints ORDER BY number');
  return rows.map((row) => parseCheckpoint(row.statement) ?? { number: Number(row.number), entries: -1, head: '', signedAt: '', keyId: '', signature: '' });
}

function checkpointChecks(checkpoints: readonly Checkpoint[], source: 'log', ledger: LedgerWalk, publicKey: KeyObject | null): CheckpointCheck[] {
  return checkpoints.map((checkpoint, index) => {
    if (checkpoint.number !== index + 1) {
      return { checkpoint, source, ok: false, reason: `checkpoints ${index + 1} to ${checkpoint.number - 1} are missing` };
    }
    return checkCheckpoint(checkpoint, source, ledger, publicKey);
  });
}

function checkCheckpoint(checkpoint: Checkpoint, source: CheckpointCheck['source'], ledger: LedgerWalk, publicKey: KeyObject | null): CheckpointCheck {
  const fail = (reason: string): CheckpointCheck => ({ checkpoint, source, ok: false, reason });
  if (checkpoint.entries < 0) return fail('the stored checkpoint is not a checkpoint line');
  if (publicKey && !isSignedBy(publicKey, checkpoint)) return fail(`not signed by the checkpoint key (key ${checkpoint.keyId})`);
  if (checkpoint.entries > ledger.length) {
    return fail(`checkpoint #${checkpoint.number} sealed ${checkpoint.entries} entries; the ledger holds ${ledger.length}: the log was cut`);
  }
  const link = ledger.linkAt.get(checkpoint.entries);
  if (link !== checkpoint.head) return fail(`the ledger up to entry ${checkpoint.entries} is not the one checkpoint #${checkpoint.number} signed`);
  return { checkpoint, source, ok: true, reason: publicKey ? null : 'signature not checked: no public key given' };
}

async function positionGaps(client: pg.Client): Promise<LogVerification['gaps']> {
  const { rows } = await client.query<{ from: string; to: string }>(
    `SELECT previous + 1 AS "from", global_position - 1 AS "to" FROM (
       SELECT global_position, coalesce(lag(global_position) OVER (ORDER BY global_position), 0) AS previous FROM events
     ) t WHERE global_position > previous + 1 ORDER BY global_position`,
  );
  // Entries sealed past the last event left: a cut tail of the log.
  const { rows: tail } = await client.query<{ from: string; to: string }>(
    `SELECT coalesce((SELECT max(global_position) FROM events), 0) + 1 AS "from", max(global_position) AS "to" FROM log_ledger
     HAVING max(global_position) > coalesce((SELECT max(global_position) FROM events), 0)`,
  );
  const ranges = [...rows, ...tail].map((row) => ({ from: Number(row.from), to: Number(row.to) }));
  const positions = ranges.reduce((sum, range) => sum + range.to - range.from + 1, 0);
  const reported: PositionGap[] = [];
  for (const range of ranges.slice(0, REPORTED)) {
    const { rows: sealed } = await client.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM log_ledger WHERE global_position BETWEEN $1 AND $2',
      [range.from, range.to],
    );
    reported.push({ ...range, sealedEvents: sealed[0]?.count ?? 0 });
  }
  return { ranges: reported, count: ranges.length, positions };
}
