-- Supervision items (监督事项, issue 5 part 4, flows.md §2): raised from a warning, a case review, a petition or
-- by hand; assigned to the unit that must rectify, accepted, followed up with new dates, reported back, verified
-- and closed. A class remediation groups one model's hits across units: a parent item with a child per unit.

CREATE SEQUENCE supervision_item_number_seq;

CREATE TABLE supervision_item (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number             text NOT NULL UNIQUE,
  title              text NOT NULL,
  description        text NOT NULL,
  source             text NOT NULL CHECK (source IN ('warning', 'case-review', 'petition', 'manual', 'class')),
  hit_id             uuid REFERENCES warning_hit (id),
  model_id           text,
  case_id            uuid REFERENCES criminal_case (id),
  -- a petition's reference until the governance center's petitions exist (issue 6)
  source_reference   text,
  parent_id          uuid REFERENCES supervision_item (id),
  severity           text NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
  -- the committee that raised it, and the unit that must rectify (none for a class remediation's parent)
  raised_by_unit_id  uuid NOT NULL REFERENCES unit (id),
  raised_by          uuid REFERENCES app_user (id),
  assignee_unit_id   uuid REFERENCES unit (id),
  region_code        text NOT NULL REFERENCES region (code),
  state              text NOT NULL CHECK (state IN ('open', 'assigned', 'rectifying', 'reported', 'closed')),
  -- the current date by which the unit must accept (assigned) or rectify (rectifying); set again by each follow-up
  due_at             timestamptz,
  follow_ups         integer NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL,
  closed_at          timestamptz,
  version            integer NOT NULL DEFAULT 1,
  CHECK ((state = 'closed') = (closed_at IS NOT NULL)),
  CHECK (state = 'open' OR parent_id IS NOT NULL OR assignee_unit_id IS NOT NULL OR source = 'class')
);
CREATE INDEX supervision_item_assignee_idx ON supervision_item (assignee_unit_id, state);
CREATE INDEX supervision_item_region_idx ON supervision_item (region_code, state);
CREATE INDEX supervision_item_parent_idx ON supervision_item (parent_id);
CREATE INDEX supervision_item_due_idx ON supervision_item (due_at) WHERE state <> 'closed';
-- one open item per hit: raising an item from a hit twice is the same item
CREATE UNIQUE INDEX supervision_item_hit_idx ON supervision_item (hit_id) WHERE hit_id IS NOT NULL;

-- Everything that happened to an item, in order: the item's timeline (never rewritten).
CREATE TABLE supervision_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id     uuid NOT NULL REFERENCES supervision_item (id),
  at          timestamptz NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('raised', 'assigned', 'accepted', 'followed-up', 'reported', 'verified', 'verify-failed', 'commented', 'child-closed')),
  unit_id     uuid REFERENCES unit (id),
  user_id     uuid REFERENCES app_user (id),
  note        text,
  due_at      timestamptz,
  from_state  text,
  to_state    text
);
CREATE INDEX supervision_event_item_idx ON supervision_event (item_id, at);

-- Files attached to an item's event (a rectification report, photos), stored once under their SM3 like dossiers.
CREATE TABLE supervision_attachment (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id     uuid NOT NULL REFERENCES supervision_item (id),
  event_id    bigint REFERENCES supervision_event (id),
  name        text NOT NULL,
  mime        text NOT NULL,
  size_bytes  bigint NOT NULL CHECK (size_bytes >= 0),
  sm3         text NOT NULL CHECK (sm3 ~ '^[0-9a-f]{64}$'),
  unit_id     uuid NOT NULL REFERENCES unit (id),
  uploaded_by uuid REFERENCES app_user (id),
  uploaded_at timestamptz NOT NULL
);
CREATE INDEX supervision_attachment_item_idx ON supervision_attachment (item_id);
