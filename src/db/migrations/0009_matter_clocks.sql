-- Statutory clocks of matters that are not criminal cases: disputes, petitions, grid events (issue 6). The same
-- ledgers as case_clock (appended to, never rewritten; the due moment is the clock engine's answer, stored for
-- lists and oversight), keyed by the kind of matter and its id.
CREATE TABLE matter_clock (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  matter_kind  text NOT NULL CHECK (matter_kind IN ('dispute', 'petition', 'grid-event')),
  matter_id    uuid NOT NULL,
  rule_id      text NOT NULL,
  ledger       jsonb NOT NULL,
  state        text NOT NULL CHECK (state IN ('running', 'paused', 'stopped')),
  due_at       timestamptz,
  provisional  boolean NOT NULL DEFAULT false,
  unit_id      uuid REFERENCES unit (id),
  started_at   timestamptz NOT NULL,
  -- when it stopped (the last ledger event's moment): met or missed, for the on-time figures
  stopped_at   timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
-- one live clock per matter and rule: a second start while one runs is the same clock
CREATE UNIQUE INDEX matter_clock_live_idx ON matter_clock (matter_kind, matter_id, rule_id) WHERE state <> 'stopped';
CREATE INDEX matter_clock_matter_idx ON matter_clock (matter_kind, matter_id);
CREATE INDEX matter_clock_running_idx ON matter_clock (unit_id, due_at) WHERE state = 'running';
CREATE INDEX matter_clock_stopped_idx ON matter_clock (matter_kind, stopped_at) WHERE stopped_at IS NOT NULL;
