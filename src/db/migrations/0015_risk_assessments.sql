-- Stability risk assessment of major decisions (重大决策社会稳定风险评估, issue 7 part 4, flows.md §5): a major
-- decision is registered by the unit that runs its assessment (the owner body; the decision-making body is
-- recorded by name), planned, opinions gathered, risks listed (likelihood x impact, each with its mitigation),
-- rated high / medium / low, the decision recorded, mitigations tracked to done, and reviewed after implementation.
-- The matrix thresholds and the rating rule are rules/risk-assessment.yaml; the flow is
-- src/engine/risk-assessments/assessment-flow.ts. The cockpit and the reports read risk_assessment and
-- risk_mitigation directly: keep their columns.

CREATE SEQUENCE risk_assessment_number_seq;

CREATE TABLE risk_assessment (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number           text NOT NULL UNIQUE,
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary          text NOT NULL CHECK (length(summary) BETWEEN 1 AND 5000),
  -- the body that takes the decision (e.g. 某县人民政府), by name: the organisation holds no such units
  decision_body    text NOT NULL CHECK (length(decision_body) BETWEEN 1 AND 100),
  -- the unit that registered the decision and runs its assessment
  owner_unit_id    uuid NOT NULL REFERENCES unit (id),
  region_code      text NOT NULL REFERENCES region (code),
  people_affected  integer NOT NULL CHECK (people_affected >= 0),
  state            text NOT NULL CHECK (state IN ('registered', 'assessing', 'rated', 'implementing', 'reviewed', 'not-proceeding')),
  plan             text CHECK (length(plan) <= 5000),
  -- the date by which the assessment is to be rated, set by the plan
  plan_due_on      date,
  rating           text NULL CHECK (rating IN ('high', 'medium', 'low')),
  decision         text NULL CHECK (decision IN ('proceed', 'proceed-after-mitigation', 'proceed-after-adjustment', 'not-proceed')),
  decision_note    text CHECK (length(decision_note) <= 5000),
  review_note      text CHECK (length(review_note) <= 5000),
  -- how many times a high rating sent the adjusted decision back to be assessed again
  reassessments    integer NOT NULL DEFAULT 0 CHECK (reassessments >= 0),
  registered_at    timestamptz NOT NULL,
  planned_at       timestamptz,
  rated_at         timestamptz,
  decided_at       timestamptz,
  reviewed_at      timestamptz,
  created_by       uuid REFERENCES app_user (id),
  updated_at       timestamptz NOT NULL,
  version          integer NOT NULL DEFAULT 1,
  -- a high rating never goes on unchanged (指导意见: 高风险不得决策实施)
  CHECK (NOT (rating = 'high' AND decision IN ('proceed', 'proceed-after-mitigation'))),
  CHECK ((state IN ('registered', 'assessing')) = (rating IS NULL)),
  CHECK ((state IN ('implementing', 'reviewed', 'not-proceeding')) = (decision IS NOT NULL)),
  CHECK ((state = 'reviewed') = (reviewed_at IS NOT NULL))
);
CREATE INDEX risk_assessment_owner_idx ON risk_assessment (owner_unit_id, state);
CREATE INDEX risk_assessment_region_idx ON risk_assessment (region_code, state);
CREATE INDEX risk_assessment_registered_idx ON risk_assessment (registered_at);

-- Opinions gathered: public comment, hearings, expert review (重大行政决策程序暂行条例 ch. 3 §§ 2-3).
CREATE TABLE risk_opinion (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id   uuid NOT NULL REFERENCES risk_assessment (id),
  kind            text NOT NULL CHECK (kind IN ('public-comment', 'hearing', 'expert-review')),
  held_on         date NOT NULL,
  summary         text NOT NULL CHECK (length(summary) BETWEEN 1 AND 5000),
  participants    integer NOT NULL CHECK (participants >= 0),
  count_for       integer NOT NULL CHECK (count_for >= 0),
  count_against   integer NOT NULL CHECK (count_against >= 0),
  recorded_at     timestamptz NOT NULL,
  recorded_by     uuid REFERENCES app_user (id),
  CHECK (count_for + count_against <= participants)
);
CREATE INDEX risk_opinion_assessment_idx ON risk_opinion (assessment_id);

-- Risks listed: likelihood and impact 1..5, the level the matrix gives them, the mitigation proposed.
CREATE TABLE risk_item (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id   uuid NOT NULL REFERENCES risk_assessment (id),
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  likelihood      smallint NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
  impact          smallint NOT NULL CHECK (impact BETWEEN 1 AND 5),
  level           text NOT NULL CHECK (level IN ('high', 'medium', 'low')),
  mitigation      text NOT NULL CHECK (length(mitigation) BETWEEN 1 AND 5000),
  listed_at       timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX risk_item_assessment_idx ON risk_item (assessment_id);

-- Mitigations tracked to done: who does what by when.
CREATE TABLE risk_mitigation (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id       uuid NOT NULL REFERENCES risk_assessment (id),
  risk_item_id        uuid NOT NULL REFERENCES risk_item (id),
  action              text NOT NULL CHECK (length(action) BETWEEN 1 AND 2000),
  responsible_unit_id uuid NOT NULL REFERENCES unit (id),
  due_on              date NOT NULL,
  state               text NOT NULL CHECK (state IN ('open', 'done')),
  done_at             timestamptz,
  note                text CHECK (length(note) <= 5000),
  -- why it is still open when the assessment was reviewed
  open_explanation    text CHECK (length(open_explanation) <= 2000),
  created_at          timestamptz NOT NULL,
  CHECK ((state = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX risk_mitigation_assessment_idx ON risk_mitigation (assessment_id);
CREATE INDEX risk_mitigation_due_idx ON risk_mitigation (due_on) WHERE state = 'open';

-- The assessment's timeline (src/db/state-timeline.ts), never rewritten.
CREATE TABLE risk_assessment_event (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  assessment_id  uuid NOT NULL REFERENCES risk_assessment (id),
  at             timestamptz NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('registered', 'planned', 'opinion-added', 'risk-listed', 'risk-edited', 'rated', 'decided', 'reassessing', 'mitigation-added', 'mitigation-done', 'reviewed')),
  unit_id        uuid REFERENCES unit (id),
  user_id        uuid REFERENCES app_user (id),
  note           text,
  due_at         timestamptz,
  from_state     text,
  to_state       text
);
CREATE INDEX risk_assessment_event_idx ON risk_assessment_event (assessment_id, at);
