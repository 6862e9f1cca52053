-- The cockpit's counts (issue 7 part 1), kept current in the transaction of every write instead of recomputed per
-- request: cockpit_count holds, per figure, unit and key, how many rows of the base tables stand under that key.
-- What a row contributes is said once per base table, by a cockpit_facts_<table>(row) function; the triggers take
-- the old row's facts away and add the new row's, and cockpit_rebuild() recounts everything from the same
-- functions (after a bulk load that ran with triggers off, or to check the live counts: cockpit_verify()).
-- Month and day keys are China Standard Time. docs/cockpit.md lists the figures and their keys.

CREATE TABLE cockpit_count (
  figure   text NOT NULL,
  unit_id  uuid NOT NULL REFERENCES unit (id),
  key      text NOT NULL,
  n        bigint NOT NULL,
  PRIMARY KEY (figure, unit_id, key)
);

CREATE FUNCTION cockpit_month(at timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')
$$;

CREATE FUNCTION cockpit_day(at timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')
$$;

-- A case: an open one's stage at its holder; the month it was registered (registering unit); the month it closed.
CREATE FUNCTION cockpit_facts_case(c criminal_case) RETURNS TABLE (figure text, unit_id uuid, key text) LANGUAGE sql STABLE STRICT AS $$
  SELECT 'case.open', coalesce(c.holder_unit_id, c.registered_by), c.stage WHERE c.closed_at IS NULL
  UNION ALL SELECT 'case.received', c.registered_by, cockpit_month(c.registered_at)
  UNION ALL SELECT 'case.closed', coalesce(c.holder_unit_id, c.registered_by), cockpit_month(c.closed_at)
$$;

-- A running clock with a due moment: its due day, and whether the person is in custody (the ledger's last word on
-- custody); the answering unit, else the case's holder.
CREATE FUNCTION cockpit_facts_clock(k case_clock) RETURNS TABLE (figure text, unit_id uuid, key text) LANGUAGE sql STABLE STRICT AS $$
  SELECT 'clock.due',
         coalesce(k.unit_id, (SELECT c.holder_unit_id FROM criminal_case c WHERE c.id = k.case_id)),
         CASE WHEN coalesce((SELECT (e ->> 'custody')::boolean FROM jsonb_array_elements(k.ledger) WITH ORDINALITY AS t (e, i)
                               WHERE e ? 'custody' ORDER BY i DESC LIMIT 1), false)
              THEN 'custody|' ELSE 'free|' END || cockpit_day(k.due_at)
   WHERE k.state = 'running' AND k.due_at IS NOT NULL
$$;

-- A warning hit: open ones by model; the month each was opened.
CREATE FUNCTION cockpit_facts_hit(h warning_hit) RETURNS TABLE (figure text, unit_id uuid, key text) LANGUAGE sql STABLE STRICT AS $$
  SELECT 'warning.open', h.unit_id, h.model_id WHERE h.closed_at IS NULL AND h.id IS NOT NULL
  UNION ALL SELECT 'warning.opened', h.unit_id, cockpit_month(h.opened_at)
$$;

-- A supervision item: its state at the unit that must rectify (else the committee that raised it); raised and
-- closed months.
CREATE FUNCTION cockpit_facts_item(s supervision_item) RETURNS TABLE (figure text, unit_id uuid, key text) LANGUAGE sql STABLE STRICT AS $$
  SELECT 'supervision.state', coalesce(s.assignee_unit_id, s.raised_by_unit_id), s.state
  UNION ALL SELECT 'supervision.raised', coalesce(s.assignee_unit_id, s.raised_by_unit_id), cockpit_month(s.created_at)
  UNION ALL SELECT 'supervision.closed', coalesce(s.assignee_unit_id, s.raised_by_unit_id), cockpit_month(s.closed_at)
$$;

-- A hand-over: the month it was sent, online or on paper (the sender's share of the collaboration rate).
CREATE FUNCTION cockpit_facts_transfer(t transfer) RETURNS TABLE (figure text, unit_id uuid, key text) LANGUAGE sql STABLE STRICT AS $$
  SELECT 'transfer.sent', t.sender_unit_id, cockpit_month(t.sent_at) || CASE WHEN t.on_paper THEN '|paper' ELSE '|online' END
$$;

-- A dispute: received month (intake unit); open ones by state and closed ones by month and outcome (handling
-- unit, else the intake unit).
CREATE FUNCTION cockpit_facts_dispute(d dispute) RETURNS TABLE (figure text, unit_id uuid, key text) LANGUAGE sql STABLE STRICT AS $$
  SELECT 'dispute.received', d.intake_unit_id, cockpit_month(d.created_at)
  UNION ALL SELECT 'dispute.open', coalesce(d.handling_unit_id, d.intake_unit_id), d.state WHERE d.closed_at IS NULL AND d.id IS NOT NULL
  UNION ALL SELECT 'dispute.closed', coalesce(d.handling_unit_id, d.intake_unit_id), cockpit_month(d.closed_at) || '|' || d.outcome
$$;

-- A petition: received month (receiving office); open ones by state; closed month (handling body, else the office).
CREATE FUNCTION cockpit_facts_petition(p petition) RETURNS TABLE (figure text, unit_id uuid, key text) LANGUAGE sql STABLE STRICT AS $$
  SELECT 'petition.received', p.receiving_unit_id, cockpit_month(p.received_at)
  UNION ALL SELECT 'petition.open', coalesce(p.handling_unit_id, p.receiving_unit_id), p.state WHERE p.closed_at IS NULL AND p.id IS NOT NULL
  UNION ALL SELECT 'petition.closed', coalesce(p.handling_unit_id, p.receiving_unit_id), cockpit_month(p.closed_at)
$$;

-- A stopped time limit of a dispute, petition or grid event that a body answers for (a petitioner's own window has
-- no unit): the month it stopped, met (no due moment, or stopped by it) or missed.
CREATE FUNCTION cockpit_facts_matter_clock(m matter_clock) RETURNS TABLE (figure text, unit_id uuid, key text) LANGUAGE sql STABLE STRICT AS $$
  SELECT 'limit.' || m.matter_kind, m.unit_id,
         cockpit_month(m.stopped_at) || CASE WHEN m.due_at IS NULL OR m.stopped_at <= m.due_at THEN '|met' ELSE '|missed' END
   WHERE m.state = 'stopped'
$$;

-- Adds the difference between the new row's facts and the old row's (either may be NULL: insert, delete).
CREATE FUNCTION cockpit_apply(removed cockpit_count[], added cockpit_count[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO cockpit_count (figure, unit_id, key, n)
  SELECT figure, unit_id, key, sum(n)
    FROM (SELECT figure, unit_id, key, -1 AS n FROM unnest(removed)
          UNION ALL SELECT figure, unit_id, key, 1 FROM unnest(added)) AS d
   WHERE unit_id IS NOT NULL AND key IS NOT NULL
   GROUP BY figure, unit_id, key
  HAVING sum(n) <> 0
  ON CONFLICT (figure, unit_id, key) DO UPDATE SET n = cockpit_count.n + EXCLUDED.n
$$;

CREATE FUNCTION cockpit_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cockpit_apply(
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_case(OLD) f),
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_case(NEW) f));
  RETURN NULL;
END;
$$;
CREATE TRIGGER criminal_case_cockpit AFTER INSERT OR DELETE OR UPDATE OF stage, holder_unit_id, registered_by, registered_at, closed_at
  ON criminal_case FOR EACH ROW EXECUTE FUNCTION cockpit_case_changed();

CREATE FUNCTION cockpit_clock_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cockpit_apply(
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_clock(OLD) f),
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_clock(NEW) f));
  RETURN NULL;
END;
$$;
CREATE TRIGGER case_clock_cockpit AFTER INSERT OR DELETE OR UPDATE OF state, due_at, unit_id, ledger
  ON case_clock FOR EACH ROW EXECUTE FUNCTION cockpit_clock_changed();

CREATE FUNCTION cockpit_hit_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cockpit_apply(
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_hit(OLD) f),
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_hit(NEW) f));
  RETURN NULL;
END;
$$;
CREATE TRIGGER warning_hit_cockpit AFTER INSERT OR DELETE OR UPDATE OF unit_id, model_id, opened_at, closed_at
  ON warning_hit FOR EACH ROW EXECUTE FUNCTION cockpit_hit_changed();

CREATE FUNCTION cockpit_item_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cockpit_apply(
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_item(OLD) f),
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_item(NEW) f));
  RETURN NULL;
END;
$$;
CREATE TRIGGER supervision_item_cockpit AFTER INSERT OR DELETE OR UPDATE OF state, assignee_unit_id, raised_by_unit_id, created_at, closed_at
  ON supervision_item FOR EACH ROW EXECUTE FUNCTION cockpit_item_changed();

CREATE FUNCTION cockpit_transfer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cockpit_apply(
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_transfer(OLD) f),
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_transfer(NEW) f));
  RETURN NULL;
END;
$$;
CREATE TRIGGER transfer_cockpit AFTER INSERT OR DELETE OR UPDATE OF sender_unit_id, sent_at, on_paper
  ON transfer FOR EACH ROW EXECUTE FUNCTION cockpit_transfer_changed();

CREATE FUNCTION cockpit_dispute_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cockpit_apply(
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_dispute(OLD) f),
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_dispute(NEW) f));
  RETURN NULL;
END;
$$;
CREATE TRIGGER dispute_cockpit AFTER INSERT OR DELETE OR UPDATE OF state, intake_unit_id, handling_unit_id, created_at, closed_at, outcome
  ON dispute FOR EACH ROW EXECUTE FUNCTION cockpit_dispute_changed();

CREATE FUNCTION cockpit_petition_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cockpit_apply(
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_petition(OLD) f),
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_petition(NEW) f));
  RETURN NULL;
END;
$$;
CREATE TRIGGER petition_cockpit AFTER INSERT OR DELETE OR UPDATE OF state, receiving_unit_id, handling_unit_id, received_at, closed_at
  ON petition FOR EACH ROW EXECUTE FUNCTION cockpit_petition_changed();

CREATE FUNCTION cockpit_matter_clock_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cockpit_apply(
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_matter_clock(OLD) f),
    ARRAY(SELECT ROW(f.figure, f.unit_id, f.key, 0)::cockpit_count FROM cockpit_facts_matter_clock(NEW) f));
  RETURN NULL;
END;
$$;
CREATE TRIGGER matter_clock_cockpit AFTER INSERT OR DELETE OR UPDATE OF state, unit_id, due_at, stopped_at, matter_kind
  ON matter_clock FOR EACH ROW EXECUTE FUNCTION cockpit_matter_clock_changed();

-- Every count from the base tables, as the triggers would have kept them.
CREATE VIEW cockpit_recount AS
  SELECT figure, unit_id, key, count(*)::bigint AS n
    FROM (SELECT f.* FROM criminal_case r, LATERAL cockpit_facts_case(r) f
          UNION ALL SELECT f.* FROM case_clock r, LATERAL cockpit_facts_clock(r) f
          UNION ALL SELECT f.* FROM warning_hit r, LATERAL cockpit_facts_hit(r) f
          UNION ALL SELECT f.* FROM supervision_item r, LATERAL cockpit_facts_item(r) f
          UNION ALL SELECT f.* FROM transfer r, LATERAL cockpit_facts_transfer(r) f
          UNION ALL SELECT f.* FROM dispute r, LATERAL cockpit_facts_dispute(r) f
          UNION ALL SELECT f.* FROM petition r, LATERAL cockpit_facts_petition(r) f
          UNION ALL SELECT f.* FROM matter_clock r, LATERAL cockpit_facts_matter_clock(r) f) AS facts
   WHERE unit_id IS NOT NULL AND key IS NOT NULL
   GROUP BY figure, unit_id, key;

-- Recounts everything (one statement: the table is never seen half-filled by another transaction).
CREATE FUNCTION cockpit_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE rows bigint;
BEGIN
  LOCK TABLE cockpit_count IN EXCLUSIVE MODE;
  DELETE FROM cockpit_count;
  INSERT INTO cockpit_count (figure, unit_id, key, n) SELECT figure, unit_id, key, n FROM cockpit_recount;
  GET DIAGNOSTICS rows = ROW_COUNT;
  RETURN rows;
END;
$$;

-- The counts that differ from a recount (none when the triggers have kept up): figure, unit, key, kept, recounted.
CREATE FUNCTION cockpit_verify() RETURNS TABLE (figure text, unit_id uuid, key text, kept bigint, recounted bigint) LANGUAGE sql STABLE AS $$
  SELECT coalesce(k.figure, r.figure), coalesce(k.unit_id, r.unit_id), coalesce(k.key, r.key), coalesce(k.n, 0), coalesce(r.n, 0)
    FROM (SELECT * FROM cockpit_count WHERE n <> 0) k
    FULL JOIN cockpit_recount r ON r.figure = k.figure AND r.unit_id = k.unit_id AND r.key = k.key
   WHERE coalesce(k.n, 0) <> coalesce(r.n, 0)
$$;

SELECT cockpit_rebuild();

-- The precise part of "overdue now": running clocks due earlier today (whole earlier days come from the counts).
CREATE INDEX case_clock_running_due_idx ON case_clock (due_at) WHERE state = 'running';

-- The demo's last part (src/seed/demo-leadership.ts: risk assessments and ranking snapshots) loads after its
-- governance center: when it was loaded.
ALTER TABLE demo_load ADD COLUMN leadership_loaded_at timestamptz;
