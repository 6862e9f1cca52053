-- Facts oversight reads that the flow itself does not carry (issue 5, warning-models.md): structured case records
-- of the kinds in rules/case-records.yaml (a sentence, a blood-alcohol result, an appraisal, a finding of
-- meritorious service, a commutation or parole proposal), the incidents the police receive (警情) and what became
-- of them, and the custody due moment an extension request was sent against.

CREATE TABLE case_record (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id      uuid NOT NULL REFERENCES criminal_case (id),
  person_id    uuid REFERENCES case_person (id),
  kind         text NOT NULL,
  data         jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
  unit_id      uuid NOT NULL REFERENCES unit (id),
  recorded_by  uuid REFERENCES app_user (id),
  recorded_at  timestamptz NOT NULL
);
CREATE INDEX case_record_case_idx ON case_record (case_id, kind);
CREATE INDEX case_record_kind_idx ON case_record (kind, recorded_at);

CREATE SEQUENCE incident_number_seq;

CREATE TABLE incident (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number        text NOT NULL UNIQUE,
  unit_id       uuid NOT NULL REFERENCES unit (id),
  region_code   text NOT NULL REFERENCES region (code),
  -- a category of rules/case-records.yaml's incident categories (theft, fraud, injury …)
  category      text NOT NULL,
  -- the amount involved in yuan, where there is one
  amount        numeric(14, 2) CHECK (amount IS NULL OR amount >= 0),
  summary       text NOT NULL,
  reported_at   timestamptz NOT NULL,
  outcome       text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'registered', 'declined', 'administrative-penalty', 'mediated')),
  outcome_at    timestamptz,
  outcome_note  text,
  created_by    uuid REFERENCES app_user (id),
  CHECK ((outcome = 'pending') = (outcome_at IS NULL))
);
CREATE INDEX incident_unit_idx ON incident (unit_id, reported_at DESC);
CREATE INDEX incident_pending_idx ON incident (reported_at) WHERE outcome = 'pending';

-- the case an incident became (registered): a second case of the same incident is the same facts again
ALTER TABLE criminal_case ADD COLUMN incident_id uuid REFERENCES incident (id);
CREATE INDEX criminal_case_incident_idx ON criminal_case (incident_id) WHERE incident_id IS NOT NULL;

-- a custody extension request: the due moment of the custody it asks to extend, when it was sent
ALTER TABLE transfer ADD COLUMN custody_due_at timestamptz;
