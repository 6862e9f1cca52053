-- Issue 7 part 2: indicator snapshots (晾晒), frozen when taken, and listed remediation (挂牌整治) of regions.

-- One snapshot per period kind, period and ranking region; written once, in one transaction, never changed.
CREATE TABLE indicator_snapshot (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  period_kind   text NOT NULL CHECK (period_kind IN ('day', 'month', 'quarter')),
  period        text NOT NULL CHECK (period ~ '^[0-9]{4}-([0-9]{2}(-[0-9]{2})?|Q[1-4])$'),
  region_code   text NOT NULL REFERENCES region (code),
  taken_at      timestamptz NOT NULL,
  -- the account that took it; null for the server's scheduler or the command line
  taken_by      uuid REFERENCES app_user (id),
  -- SM3 of rules/indicators.yaml as it was when taken: which definitions made the figures
  rules_digest  text NOT NULL CHECK (rules_digest ~ '^[0-9a-f]{64}$'),
  -- the definitions used (name, formula, direction, weight, scoring), so that a page of an old snapshot shows them
  definitions   jsonb NOT NULL,
  UNIQUE (period_kind, period, region_code)
);

CREATE TABLE indicator_value (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  snapshot_id    uuid NOT NULL REFERENCES indicator_snapshot (id),
  subject_kind   text NOT NULL CHECK (subject_kind IN ('unit', 'region')),
  -- a unit's id or a region's code
  subject_key    text NOT NULL,
  subject_name   text NOT NULL,
  -- an id of rules/indicators.yaml, or 'safety-index'
  indicator_id   text NOT NULL,
  value          numeric,
  score          numeric CHECK (score BETWEEN 0 AND 100),
  rank           integer CHECK (rank >= 1),
  previous_rank  integer CHECK (previous_rank >= 1),
  previous_value numeric,
  base_metrics   jsonb NOT NULL DEFAULT '{}',
  UNIQUE (snapshot_id, subject_kind, subject_key, indicator_id),
  CHECK ((value IS NULL) = (rank IS NULL))
);
CREATE INDEX indicator_value_ranking_idx ON indicator_value (snapshot_id, subject_kind, indicator_id, rank);

-- Frozen: no row of a snapshot is ever updated or deleted (a wrong snapshot stays, and the next period's shows it)
CREATE FUNCTION indicator_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'indicator snapshots are frozen: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER indicator_snapshot_frozen BEFORE UPDATE OR DELETE ON indicator_snapshot FOR EACH ROW EXECUTE FUNCTION indicator_frozen();
CREATE TRIGGER indicator_value_frozen BEFORE UPDATE OR DELETE ON indicator_value FOR EACH ROW EXECUTE FUNCTION indicator_frozen();

-- A region listed for remediation (挂牌整治) by the committee of a region above it, with goals and a deadline.
CREATE TABLE remediation_listing (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code      text NOT NULL REFERENCES region (code),
  problem          text NOT NULL CHECK (length(problem) BETWEEN 1 AND 2000),
  -- [{ indicatorId?, text?, target?, direction? }]: an indicator with the value to reach, or a goal in words
  goals            jsonb NOT NULL CHECK (jsonb_typeof(goals) = 'array' AND jsonb_array_length(goals) BETWEEN 1 AND 20),
  listed_at        timestamptz NOT NULL,
  deadline         date NOT NULL,
  state            text NOT NULL CHECK (state IN ('listed', 'in-progress', 'lifted', 'overdue-extended')),
  listed_by_unit   uuid NOT NULL REFERENCES unit (id),
  listed_by        uuid REFERENCES app_user (id),
  -- the snapshot the listing was decided on, if any
  snapshot_id      uuid REFERENCES indicator_snapshot (id),
  lifted_at        timestamptz,
  goals_met        boolean,
  lift_reason      text,
  version          integer NOT NULL DEFAULT 1,
  CHECK ((state = 'lifted') = (lifted_at IS NOT NULL)),
  CHECK ((state = 'lifted') = (goals_met IS NOT NULL))
);
-- one listing not yet lifted per region
CREATE UNIQUE INDEX remediation_listing_open_idx ON remediation_listing (region_code) WHERE state <> 'lifted';
CREATE INDEX remediation_listing_region_idx ON remediation_listing (region_code, listed_at DESC);

-- The listing's timeline: listed, progress reported, deadline extended, lifted (never rewritten).
CREATE TABLE remediation_event (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  listing_id   uuid NOT NULL REFERENCES remediation_listing (id),
  at           timestamptz NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('listed', 'progress', 'extended', 'lifted')),
  unit_id      uuid REFERENCES unit (id),
  user_id      uuid REFERENCES app_user (id),
  note         text NOT NULL CHECK (length(note) <= 2000),
  -- progress: per goal the value reached so far; extended: the new deadline; lifted: goals met or not
  data         jsonb NOT NULL DEFAULT '{}',
  from_state   text,
  to_state     text NOT NULL
);
CREATE INDEX remediation_event_listing_idx ON remediation_event (listing_id, at);
