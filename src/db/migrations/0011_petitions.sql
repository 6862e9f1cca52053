-- Petitions (信访, issue 6, flows.md §4): received and registered by a petition office, routed to the body that
-- handles it, accepted with a written notice (or not accepted, or objected to as outside its remit), handled with
-- a written opinion (complex: extended once, the petitioner told why), reviewed and re-reviewed by the bodies one
-- level up; a law-related petition is routed into the legal procedure of its case and follows it. The statutory
-- clocks are matter_clock rows (matter_kind 'petition'); the flow is src/engine/petitions/petition-flow.ts.

CREATE SEQUENCE petition_number_seq;

CREATE TABLE petition (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number               text NOT NULL UNIQUE,
  -- what the petitioner quotes to follow their petition (the public progress page): src/shared/tracking-code.ts,
  -- XF and twelve symbols of Crockford's base 32, random, the last a check symbol
  tracking_code        text NOT NULL UNIQUE CHECK (tracking_code ~ '^XF[0-9A-HJKMNP-TV-Z]{12}$'),
  -- an id of rules/governance/petition-flow.yaml channels (visit, letter, online, phone, referral)
  channel              text NOT NULL CHECK (channel ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  state                text NOT NULL CHECK (state IN ('received', 'routed', 'accepted', 'not-accepted', 'objected', 'opinion-issued',
                         'review-requested', 'review-answered', 'rereview-requested', 'final', 'in-legal-procedure')),
  -- the petitioner: read whole only by the receiving and handling bodies, audited
  petitioner_name      text NOT NULL,
  petitioner_phone     text,
  petitioner_id_number text,
  -- the body the petition is about (被反映的机关、单位), as written, and its unit when it is one of ours
  respondent           text NOT NULL,
  respondent_unit_id   uuid REFERENCES unit (id),
  subject              text NOT NULL,
  content              text NOT NULL,
  region_code          text NOT NULL REFERENCES region (code),
  receiving_unit_id    uuid NOT NULL REFERENCES unit (id),
  -- the body that has it in hand now (after a review request: the reviewing body); none while at the office
  handling_unit_id     uuid REFERENCES unit (id),
  -- SM3 of src/engine/petitions/petition-flow.ts matterKey: the petitions of one matter (重复信访) share it
  matter_key           text NOT NULL CHECK (matter_key ~ '^[0-9a-f]{64}$'),
  law_related          boolean NOT NULL DEFAULT false,
  case_id              uuid REFERENCES criminal_case (id),
  -- an id of rules/governance/petition-flow.yaml legalRoutes (complaint, retrial-application, state-compensation, …)
  legal_route          text,
  complex_extended     boolean NOT NULL DEFAULT false,
  extension_reason     text,
  -- the substance of the last opinion (信访工作条例 32): supported, explained (reasonable but without a legal
  -- basis), not supported; a refusal's or objection's reasons stay on the timeline
  outcome              text CHECK (outcome IN ('supported', 'explained', 'not-supported')),
  opinion              text,
  received_at          timestamptz NOT NULL,
  closed_at            timestamptz,
  created_by           uuid REFERENCES app_user (id),
  version              integer NOT NULL DEFAULT 1,
  CHECK (state IN ('received', 'objected', 'in-legal-procedure') OR handling_unit_id IS NOT NULL),
  CHECK (state <> 'in-legal-procedure' OR (case_id IS NOT NULL AND legal_route IS NOT NULL AND law_related)),
  CHECK (complex_extended = (extension_reason IS NOT NULL)),
  CHECK ((state IN ('final', 'not-accepted')) = (closed_at IS NOT NULL)),
  CHECK ((outcome IS NULL) = (opinion IS NULL))
);
CREATE INDEX petition_matter_idx ON petition (matter_key);
CREATE INDEX petition_region_idx ON petition (region_code, state);
CREATE INDEX petition_handling_idx ON petition (handling_unit_id, state);
CREATE INDEX petition_receiving_idx ON petition (receiving_unit_id, state);
CREATE INDEX petition_case_idx ON petition (case_id) WHERE case_id IS NOT NULL;

-- The bodies a petition has been with and what they were to it. While released_at is null the body holds the
-- petitioner's data (it receives or handles the matter); a body that objected or whose part ended is released.
CREATE TABLE petition_unit (
  petition_id  uuid NOT NULL REFERENCES petition (id),
  unit_id      uuid NOT NULL REFERENCES unit (id),
  role         text NOT NULL CHECK (role IN ('receiving', 'handling', 'review', 'rereview')),
  since        timestamptz NOT NULL,
  released_at  timestamptz,
  PRIMARY KEY (petition_id, unit_id, role, since)
);
CREATE INDEX petition_unit_unit_idx ON petition_unit (unit_id) WHERE released_at IS NULL;

-- Everything that happened to a petition, in order (never rewritten). The note is the body's own text (reasons,
-- the opinion): internal, never on the petitioner's progress page.
CREATE TABLE petition_event (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  petition_id  uuid NOT NULL REFERENCES petition (id),
  at           timestamptz NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('register', 'route', 'accept', 'refuse', 'object', 'extend', 'issue-opinion', 'request-review',
                 'answer-review', 'request-rereview', 'answer-rereview', 'conclude', 'route-legal')),
  unit_id      uuid REFERENCES unit (id),
  user_id      uuid REFERENCES app_user (id),
  from_state   text,
  to_state     text NOT NULL,
  note         text
);
CREATE INDEX petition_event_petition_idx ON petition_event (petition_id, at);
