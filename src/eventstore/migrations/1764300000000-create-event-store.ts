import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The append-only event log, the stream heads it is compare-and-set against, and the single-round-trip append
 * function. Subscribers are woken by a NOTIFY the application sends after the commit, not from here: a
 * notifying commit takes a server-wide lock, which would make concurrent appends commit one at a time. The hash chain is computed in SQL from the canonical JSON the caller sends, split around the stream
 * version, so that appends with "any" need no read first (docs/adr/0002-event-store.md).
 */
export class CreateEventStore1764300000000 implements MigrationInterface {
  name = 'CreateEventStore1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE streams (
        stream_id   text PRIMARY KEY,
        stream_type text NOT NULL,
        agency_id   text NOT NULL,
        version     bigint NOT NULL CHECK (version >= 0),
        last_hash   bytea NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      ) WITH (fillfactor = 50)`);
    // Every append rewrites its stream's head: room on the page keeps those updates HOT (no index write).
    await q.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       text NOT NULL,
        stream_type     text NOT NULL,
        stream_version  bigint NOT NULL CHECK (stream_version >= 1),
        event_id        uuid NOT NULL UNIQUE,
        type            text NOT NULL,
        schema_version  integer NOT NULL CHECK (schema_version >= 1),
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        agency_id       text NOT NULL,
        occurred_at     timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL,
        prev_hash       bytea NOT NULL,
        hash            bytea NOT NULL,
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
      )`);
    await q.query(`CREATE INDEX events_commit_order ON events (transaction_id, global_position)`);
    await q.query(`CREATE INDEX events_agency_occurred ON events (agency_id, occurred_at)`);

    await q.query(`
      CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP USING ERRCODE = 'CT403';
      END $$`);
    await q.query(`
      CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_are_append_only()`);
    await q.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only()`);

    // p_expected: NULL = any, 0 = the stream must not exist, N = the stream must be at version N.
    // A mismatch raises SQLSTATE CT409 with the current version in HINT; the transaction writes nothing.
    // The hashes are chained before the stream head is written, so the head takes one write: a compare-and-set
    // UPDATE (or the INSERT of a new stream) that a concurrent append makes fail rather than wait for a lock.
    await q.query(`
      CREATE FUNCTION append_events(
        p_stream_id text, p_stream_type text, p_agency_id text, p_expected bigint,
        p_recorded_at timestamptz, p_events jsonb
      ) RETURNS TABLE (next_version bigint, global_positions bigint[], last_hash bytea)
      LANGUAGE plpgsql AS $$
      DECLARE
        genesis     constant bytea := decode(repeat('00', 32), 'hex');
        v_start     bigint;
        v_version   bigint;
        v_hash      bytea;
        v_event     jsonb;
        v_prevs     bytea[] := '{}';
        v_hashes    bytea[] := '{}';
        v_positions bigint[];
      BEGIN
        IF p_expected IS NULL THEN
          -- "any": take the row lock, so that the chain is computed from the head this append will replace.
          INSERT INTO streams AS s (stream_id, stream_type, agency_id, version, last_hash, updated_at)
          VALUES (p_stream_id, p_stream_type, p_agency_id, 0, genesis, p_recorded_at)
          ON CONFLICT (stream_id) DO UPDATE SET version = s.version
          RETURNING s.version, s.last_hash INTO v_start, v_hash;
        ELSIF p_expected = 0 THEN
          v_start := 0;
          v_hash := genesis;
        ELSE
          SELECT s.last_hash INTO v_hash FROM streams s WHERE s.stream_id = p_stream_id AND s.version = p_expected;
          IF NOT FOUND THEN
            SELECT s.version INTO v_version FROM streams s WHERE s.stream_id = p_stream_id;
            RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'CT409', HINT = coalesce(v_version, 0)::text;
          END IF;
          v_start := p_expected;
        END IF;

        v_version := v_start;
        FOR v_event IN SELECT value FROM jsonb_array_elements(p_events) LOOP
          v_version := v_version + 1;
          v_prevs := v_prevs || v_hash;
          v_hash := sha256(v_hash || convert_to((v_event->>'before') || v_version::text || (v_event->>'after'), 'UTF8'));
          v_hashes := v_hashes || v_hash;
        END LOOP;

        IF p_expected = 0 THEN
          INSERT INTO streams (stream_id, stream_type, agency_id, version, last_hash, created_at, updated_at)
          VALUES (p_stream_id, p_stream_type, p_agency_id, v_version, v_hash, p_recorded_at, p_recorded_at)
          ON CONFLICT (stream_id) DO NOTHING;
        ELSE
          UPDATE streams SET version = v_version, last_hash = v_hash, updated_at = p_recorded_at
          WHERE stream_id = p_stream_id AND version = v_start;
        END IF;
        IF NOT FOUND THEN
          SELECT s.version INTO v_version FROM streams s WHERE s.stream_id = p_stream_id;
          RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'CT409', HINT = coalesce(v_version, 0)::text;
        END IF;

        WITH inserted AS (
          INSERT INTO events (stream_id, stream_type, stream_version, event_id, type, schema_version, data, metadata,
                              agency_id, occurred_at, recorded_at, prev_hash, hash)
          SELECT p_stream_id, p_stream_type, v_start + e.n, (e.value->>'eventId')::uuid, e.value->>'type',
                 (e.value->>'schemaVersion')::integer, e.value->'data', e.value->'metadata', p_agency_id,
                 (e.value->'metadata'->>'occurredAt')::timestamptz, p_recorded_at, v_prevs[e.n], v_hashes[e.n]
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, n)
          ORDER BY e.n
          RETURNING events.global_position, events.stream_version
        )
        SELECT array_agg(global_position ORDER BY stream_version) INTO v_positions FROM inserted;

        RETURN QUERY SELECT v_version, v_positions, v_hash;
      END $$`);

    await q.query(`
      CREATE TABLE projection_checkpoints (
        name            text PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT '0',
        global_position bigint NOT NULL DEFAULT 0,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE projection_checkpoints`);
    await q.query(`DROP FUNCTION append_events(text, text, text, bigint, timestamptz, jsonb)`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP FUNCTION events_are_append_only()`);
    await q.query(`DROP TABLE streams`);
  }
}
