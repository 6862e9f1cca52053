-- Cross-agency case flow (issue 4): cases and the persons in them, their measures and clocks, dossiers and
-- documents, signed transfers between units, unit keys, paper-dossier loans, evidence items, seized property,
-- and the case timeline. Names follow ../shared/spec/glossary.md.

-- A unit's SM2 signing keys: the private key sealed with the master key (SM4-CTR + HMAC-SM3); a rotation
-- retires the active key and keeps it, so that old signatures stay verifiable.
CREATE TABLE unit_key (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unit_id        uuid NOT NULL REFERENCES unit (id),
  public_key     text NOT NULL CHECK (public_key ~ '^04[0-9a-f]{128}$'),
  sealed_private text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  retired_at     timestamptz
);
CREATE UNIQUE INDEX unit_key_active_idx ON unit_key (unit_id) WHERE retired_at IS NULL;

CREATE SEQUENCE criminal_case_number_seq;

CREATE TABLE criminal_case (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_number      text NOT NULL UNIQUE,
  title            text NOT NULL,
  -- an evidence checklist's charge id (rules/evidence-checklists), or another charge by name
  charge           text NOT NULL,
  region_code      text NOT NULL REFERENCES region (code),
  stage            text NOT NULL,
  holder_unit_id   uuid REFERENCES unit (id),
  registered_by    uuid NOT NULL REFERENCES unit (id),
  registered_at    timestamptz NOT NULL,
  classified       boolean NOT NULL DEFAULT false,
  -- handled on paper (classified, or a dossier over the online page limit): still visible to oversight
  on_paper         boolean NOT NULL DEFAULT false,
  on_paper_reason  text,
  counters         jsonb NOT NULL DEFAULT '{}',
  closed_at        timestamptz,
  -- optimistic concurrency: every change of stage or holder bumps it
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX criminal_case_holder_idx ON criminal_case (holder_unit_id, stage);
CREATE INDEX criminal_case_region_idx ON criminal_case (region_code, stage);

-- The units a case has been with (held it, sent or received a hand-over about it): they read what was
-- transferred to them. The holder alone writes.
CREATE TABLE case_unit (
  case_id  uuid NOT NULL REFERENCES criminal_case (id),
  unit_id  uuid NOT NULL REFERENCES unit (id),
  since    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, unit_id)
);
CREATE INDEX case_unit_unit_idx ON case_unit (unit_id, case_id);

CREATE TABLE case_person (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id     uuid NOT NULL REFERENCES criminal_case (id),
  role        text NOT NULL CHECK (role IN ('suspect', 'defendant', 'convict', 'victim', 'defender')),
  name        text NOT NULL,
  id_number   text,
  phone       text,
  -- the current coercive measure (summons, bail, residential-surveillance, detention, arrest) or none
  measure     text,
  in_custody  boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_person_case_idx ON case_person (case_id);

-- Documents of a case's dossier: the bytes live once in the file store under their SM3 digest.
CREATE TABLE case_document (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id      uuid NOT NULL REFERENCES criminal_case (id),
  -- a document kind of rules/case-flow.yaml, or 'other'
  kind         text NOT NULL,
  name         text NOT NULL,
  volume       integer NOT NULL DEFAULT 1 CHECK (volume >= 1),
  sm3          text NOT NULL CHECK (sm3 ~ '^[0-9a-f]{64}$'),
  mime         text NOT NULL,
  size_bytes   bigint NOT NULL CHECK (size_bytes >= 0),
  pages        integer NOT NULL CHECK (pages >= 0),
  unit_id      uuid NOT NULL REFERENCES unit (id),
  uploaded_by  uuid REFERENCES app_user (id),
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_document_case_idx ON case_document (case_id, volume);

-- A hand-over between two units (one collaboration scenario): signed by the sender's key over the SM3 of the
-- canonical manifest; the receiver verifies before it can accept.
CREATE TABLE transfer (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id           uuid NOT NULL REFERENCES criminal_case (id),
  transition        text NOT NULL,
  scenario          text NOT NULL,
  sender_unit_id    uuid NOT NULL REFERENCES unit (id),
  receiver_unit_id  uuid NOT NULL REFERENCES unit (id),
  sent_by           uuid REFERENCES app_user (id),
  sent_at           timestamptz NOT NULL,
  idempotency_key   text NOT NULL,
  manifest          text NOT NULL,
  manifest_sm3      text NOT NULL CHECK (manifest_sm3 ~ '^[0-9a-f]{64}$'),
  signature         text NOT NULL,
  key_id            uuid NOT NULL REFERENCES unit_key (id),
  -- sent, accepted (received online), returned (refused by the receiver with a reason), answered (an answer
  -- transition of the scenario closed it)
  state             text NOT NULL CHECK (state IN ('sent', 'accepted', 'returned', 'answered')),
  received_by       uuid REFERENCES app_user (id),
  received_at       timestamptz,
  return_reason     text,
  -- the stage the case leaves and the stage it goes to when the receiver accepts
  from_stage        text NOT NULL,
  to_stage          text,
  -- a hand-over recorded for a case handled on paper: the manifest lists no documents
  on_paper          boolean NOT NULL DEFAULT false,
  -- what the transition concerns, kept for the effects applied on acceptance
  person_ids        uuid[] NOT NULL DEFAULT '{}',
  extension         text,
  -- the request transfer this one answers (an arrest decision answers the arrest request)
  answers_transfer_id uuid REFERENCES transfer (id),
  evidence_override text,
  note              text,
  UNIQUE (sender_unit_id, idempotency_key)
);
CREATE INDEX transfer_receiver_idx ON transfer (receiver_unit_id, state);
CREATE INDEX transfer_case_idx ON transfer (case_id, sent_at);

CREATE TABLE transfer_document (
  transfer_id  uuid NOT NULL REFERENCES transfer (id),
  document_id  uuid NOT NULL REFERENCES case_document (id),
  PRIMARY KEY (transfer_id, document_id)
);

-- A statutory clock of a case or of one person in it: its ledger of events (rules/time-limits, the clock
-- engine) is appended to, never rewritten; due_at is the engine's answer, kept for inboxes and oversight.
CREATE TABLE case_clock (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id      uuid NOT NULL REFERENCES criminal_case (id),
  person_id    uuid REFERENCES case_person (id),
  rule_id      text NOT NULL,
  ledger       jsonb NOT NULL,
  state        text NOT NULL CHECK (state IN ('running', 'paused', 'stopped')),
  due_at       timestamptz,
  provisional  boolean NOT NULL DEFAULT false,
  unit_id      uuid REFERENCES unit (id),
  started_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_clock_case_idx ON case_clock (case_id);
CREATE INDEX case_clock_running_idx ON case_clock (unit_id, due_at) WHERE state = 'running';

CREATE TABLE evidence_item (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id     uuid NOT NULL REFERENCES criminal_case (id),
  -- an item id of the charge's evidence checklist, or null for an item outside it
  checklist_item text,
  description text NOT NULL,
  document_id uuid REFERENCES case_document (id),
  unit_id     uuid NOT NULL REFERENCES unit (id),
  added_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evidence_item_case_idx ON evidence_item (case_id);

CREATE TABLE seized_property (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id          uuid NOT NULL REFERENCES criminal_case (id),
  description      text NOT NULL,
  quantity         text NOT NULL,
  storage_receipt  text NOT NULL,
  photo_document_ids uuid[] NOT NULL DEFAULT '{}',
  holder_unit_id   uuid NOT NULL REFERENCES unit (id),
  -- held; in-transfer (listed on a transfer not yet received); disposed (returned, confiscated, destroyed)
  state            text NOT NULL CHECK (state IN ('held', 'in-transfer', 'disposed')),
  registered_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX seized_property_case_idx ON seized_property (case_id);

-- Chain of custody: each hand-over of one item, received item by item.
CREATE TABLE property_handover (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  property_id   uuid NOT NULL REFERENCES seized_property (id),
  transfer_id   uuid REFERENCES transfer (id),
  from_unit_id  uuid NOT NULL REFERENCES unit (id),
  to_unit_id    uuid NOT NULL REFERENCES unit (id),
  sent_at       timestamptz NOT NULL,
  received_at   timestamptz,
  received_by   uuid REFERENCES app_user (id),
  note          text
);
CREATE INDEX property_handover_property_idx ON property_handover (property_id, sent_at);

CREATE TABLE paper_loan (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id            uuid NOT NULL REFERENCES criminal_case (id),
  requester_unit_id  uuid NOT NULL REFERENCES unit (id),
  requested_by       uuid REFERENCES app_user (id),
  holder_unit_id     uuid NOT NULL REFERENCES unit (id),
  reason             text NOT NULL,
  pages              text NOT NULL,
  state              text NOT NULL CHECK (state IN ('requested', 'lent', 'refused', 'returned')),
  requested_at       timestamptz NOT NULL,
  decided_at         timestamptz,
  decided_by         uuid REFERENCES app_user (id),
  refusal_reason     text,
  due_date           date,
  returned_at        timestamptz
);
CREATE INDEX paper_loan_case_idx ON paper_loan (case_id);
CREATE INDEX paper_loan_holder_idx ON paper_loan (holder_unit_id, state);

-- The case timeline: what happened, when, by whom; appended, never changed.
CREATE TABLE case_event (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id   uuid NOT NULL REFERENCES criminal_case (id),
  at        timestamptz NOT NULL,
  kind      text NOT NULL,
  unit_id   uuid REFERENCES unit (id),
  user_id   uuid REFERENCES app_user (id),
  details   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_event_case_idx ON case_event (case_id, at);
