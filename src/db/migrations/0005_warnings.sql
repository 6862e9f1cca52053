-- Oversight (issue 5, warning-models.md): the hits of the warning models of rules/warning-models, the runs that
-- found them, a province's settings of each model, and the queue of cases whose events ask for a re-run.

-- A province's settings of a model: switched on or off, and its parameters where they differ from the file.
CREATE TABLE warning_model_setting (
  model_id    text PRIMARY KEY,
  enabled     boolean NOT NULL DEFAULT true,
  parameters  jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(parameters) = 'object'),
  updated_by  uuid REFERENCES app_user (id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One evaluation: every enabled model over every subject (full), some models over one case's subjects after its
-- events (incremental).
CREATE TABLE warning_run (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('full', 'incremental')),
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  -- per model: { "<model id>": { "holding": n, "opened": n, "closed": n, "ms": n } } or { "error": "…" }
  results      jsonb NOT NULL DEFAULT '{}',
  case_ids     uuid[] NOT NULL DEFAULT '{}'
);
CREATE INDEX warning_run_started_idx ON warning_run (started_at DESC);

-- A hit (预警): recorded once per (model, subject) while the model's condition holds, closed by the run that
-- finds it no longer holds; closed hits stay as the model's history, and a later hit on the same subject is a
-- new row.
CREATE TABLE warning_hit (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  model_id     text NOT NULL,
  subject_id   text NOT NULL,
  case_id      uuid REFERENCES criminal_case (id),
  unit_id      uuid NOT NULL REFERENCES unit (id),
  region_code  text NOT NULL REFERENCES region (code),
  severity     text NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
  facts        jsonb NOT NULL DEFAULT '{}',
  opened_at    timestamptz NOT NULL,
  opened_run   bigint NOT NULL REFERENCES warning_run (id),
  closed_at    timestamptz,
  closed_run   bigint REFERENCES warning_run (id),
  CHECK (closed_at IS NULL OR closed_at >= opened_at)
);
CREATE UNIQUE INDEX warning_hit_open_idx ON warning_hit (model_id, subject_id) WHERE closed_at IS NULL;
CREATE INDEX warning_hit_case_idx ON warning_hit (case_id) WHERE closed_at IS NULL;
CREATE INDEX warning_hit_unit_idx ON warning_hit (unit_id, opened_at DESC);
CREATE INDEX warning_hit_model_idx ON warning_hit (model_id, opened_at DESC);

-- Cases whose events ask for an incremental run: filled by a trigger in the transaction that writes the event
-- (so no event is missed and none is seen before it commits), emptied by the run that evaluates them.
CREATE TABLE warning_queue (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id  uuid NOT NULL,
  kind     text NOT NULL,
  at       timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION warning_queue_case_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO warning_queue (case_id, kind) VALUES (NEW.case_id, NEW.kind);
  RETURN NEW;
END;
$$;

CREATE TRIGGER case_event_warning_queue AFTER INSERT ON case_event
  FOR EACH ROW EXECUTE FUNCTION warning_queue_case_event();
