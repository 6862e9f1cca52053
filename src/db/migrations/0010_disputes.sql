-- Disputes (矛盾纠纷, issue 6 part 1, flows.md §3), the one-stop governance center's core: taken in from every
-- channel, assessed (type, risk, urgency), routed by rules/governance/dispute-routing.yaml, handled in sessions,
-- ended by a mediation agreement (sealed PDF, optionally confirmed by a court) or without one, closed, visited
-- and rated. The flow is src/engine/disputes/dispute-flow.ts; the court's decision runs on matter_clock rows
-- (matter_kind 'dispute', civ.judicial-confirmation.*).

CREATE SEQUENCE dispute_number_seq;

CREATE TABLE dispute (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number            text NOT NULL UNIQUE,
  -- what the applicant quotes to follow their dispute (src/shared/tracking-code.ts: JF and twelve symbols of
  -- Crockford's base 32, random, the last a check symbol)
  tracking_code     text NOT NULL UNIQUE CHECK (tracking_code ~ '^JF[0-9A-HJKMNP-TV-Z]{12}$'),
  channel           text NOT NULL CHECK (channel IN ('walk-in', 'hotline', 'online', 'grid', 'court-referral', 'referral', 'import')),
  state             text NOT NULL CHECK (state IN ('intake', 'assessed', 'routed', 'handling', 'agreement', 'no-agreement',
                      'confirmation-requested', 'confirmed', 'refused', 'closed', 'followed-up', 'withdrawn')),
  -- an id of rules/governance/dispute-types.yaml (checked by the service: the taxonomy is data)
  type              text NOT NULL CHECK (type ~ '^[a-z][a-z0-9-]*$'),
  risk_level        text NOT NULL CHECK (risk_level IN ('low', 'medium', 'high')),
  urgency           text NOT NULL CHECK (urgency IN ('normal', 'urgent')),
  amount            numeric(14, 2) CHECK (amount >= 0),
  summary           text NOT NULL,
  region_code       text NOT NULL REFERENCES region (code),
  intake_unit_id    uuid NOT NULL REFERENCES unit (id),
  intake_by         uuid REFERENCES app_user (id),
  -- the unit that handles it once routed, how it was chosen, and the kind of body it stands for
  handling_unit_id  uuid REFERENCES unit (id),
  route_kind        text CHECK (route_kind IN ('mediation-committee', 'administrative', 'court-pre-litigation', 'arbitration', 'legal-aid')),
  route_rule        text,
  handler_id        uuid REFERENCES app_user (id),
  -- the current step's due moment (flows.md §3: overdue at any step -> follow up); none while the court decides
  due_at            timestamptz,
  follow_ups        integer NOT NULL DEFAULT 0,
  outcome           text CHECK (outcome IN ('resolved', 'not-resolved-referred', 'withdrawn')),
  referred_to       text,
  closed_at         timestamptz,
  visited_at        timestamptz,
  visit_note        text,
  satisfaction      smallint CHECK (satisfaction BETWEEN 1 AND 5),
  -- a matter reported again within N days of a resolved close is a new dispute linked to the old one
  reopened_from     uuid REFERENCES dispute (id),
  -- SM3 keys of (applicant phone/ID, respondent ID/phone/name, type): a second intake sharing one is the same matter
  fingerprints      text[] NOT NULL,
  -- the importer's (or the online form's) key of one submission: the same key is the same dispute
  import_key        text UNIQUE,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  version           integer NOT NULL DEFAULT 1,
  CHECK ((state IN ('closed', 'followed-up', 'withdrawn')) = (closed_at IS NOT NULL)),
  CHECK ((state IN ('closed', 'followed-up', 'withdrawn')) = (outcome IS NOT NULL)),
  CHECK ((state = 'withdrawn') = (outcome IS NOT DISTINCT FROM 'withdrawn')),
  CHECK (state IN ('intake', 'assessed', 'withdrawn') OR handling_unit_id IS NOT NULL),
  CHECK ((state = 'followed-up') = (visited_at IS NOT NULL))
);
CREATE INDEX dispute_handling_idx ON dispute (handling_unit_id, state);
CREATE INDEX dispute_intake_idx ON dispute (intake_unit_id, state);
CREATE INDEX dispute_region_idx ON dispute (region_code, state);
CREATE INDEX dispute_fingerprints_idx ON dispute USING gin (fingerprints);
CREATE INDEX dispute_due_idx ON dispute (due_at) WHERE due_at IS NOT NULL;

-- The parties: applicants and respondents, persons or organisations. Personal data is read whole only by the
-- units working the dispute, audited; lists mask it.
CREATE TABLE dispute_party (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dispute_id  uuid NOT NULL REFERENCES dispute (id),
  position    smallint NOT NULL,
  role        text NOT NULL CHECK (role IN ('applicant', 'respondent')),
  kind        text NOT NULL CHECK (kind IN ('person', 'organisation')),
  name        text NOT NULL,
  phone       text,
  id_number   text,
  address     text,
  UNIQUE (dispute_id, position)
);

-- Everything that happened to a dispute, in order (never rewritten): the timeline.
CREATE TABLE dispute_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dispute_id  uuid NOT NULL REFERENCES dispute (id),
  at          timestamptz NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('intake', 'assess', 'route', 'session', 'agree', 'no-agreement', 'request-confirmation',
                'accept-confirmation', 'decide-confirmation', 'close', 'withdraw', 'visit', 'rate', 'reopen', 'reopened-as', 'follow-up', 'note')),
  unit_id     uuid REFERENCES unit (id),
  user_id     uuid REFERENCES app_user (id),
  note        text,
  data        jsonb NOT NULL DEFAULT '{}',
  from_state  text,
  to_state    text
);
CREATE INDEX dispute_event_dispute_idx ON dispute_event (dispute_id, id);

-- The mediation agreement (人民调解法 arts. 28-29): its terms, the PDF made from the template (in the file store
-- under its SM3), the committee's e-seal over that digest, and the request for judicial confirmation.
CREATE TABLE mediation_agreement (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dispute_id           uuid NOT NULL UNIQUE REFERENCES dispute (id),
  terms                text NOT NULL,
  performance          text NOT NULL,
  pdf_sm3              text NOT NULL CHECK (pdf_sm3 ~ '^[0-9a-f]{64}$'),
  pdf_size             integer NOT NULL CHECK (pdf_size > 0),
  sealed_by_unit_id    uuid NOT NULL REFERENCES unit (id),
  seal_key_id          uuid NOT NULL REFERENCES unit_key (id),
  seal_signature       text NOT NULL,
  signed_at            timestamptz NOT NULL,
  confirmation_state   text NOT NULL DEFAULT 'none'
                         CHECK (confirmation_state IN ('none', 'requested', 'accepted', 'confirmed', 'refused', 'not-accepted')),
  court_unit_id        uuid REFERENCES unit (id),
  requested_at         timestamptz,
  accepted_at          timestamptz,
  decided_at           timestamptz,
  decision_note        text,
  CHECK ((confirmation_state = 'none') = (court_unit_id IS NULL))
);
CREATE INDEX mediation_agreement_court_idx ON mediation_agreement (court_unit_id) WHERE court_unit_id IS NOT NULL;
