-- Grid events (社会治理事件, issue 6, flows.md §6): reported by a grid worker or a citizen with the place and
-- photos; accepted by the township center; handled there or escalated to the county center, which assigns the
-- responsible department; handled, verified by the reporter (or a grid worker), closed and rated.
--
-- The platform tracks places, never people: the coordinates are of the event's place, optional; nothing of a
-- person but the phone a citizen leaves to be called back (masked in lists, every unmasked read audited).

CREATE SEQUENCE grid_event_number_seq;

CREATE TABLE grid_event (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number              text NOT NULL UNIQUE,
  -- an id of rules/governance/grid-events.yaml (checked by the service: a province may change the list)
  category            text NOT NULL CHECK (category ~ '^[a-z]+(-[a-z]+)*$'),
  description         text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  address             text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
  -- of the place (WGS 84 degrees), both or neither
  latitude            double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude           double precision CHECK (longitude BETWEEN -180 AND 180),
  -- the township the place is in
  region_code         text NOT NULL REFERENCES region (code),
  reporter_kind       text NOT NULL CHECK (reporter_kind IN ('grid-worker', 'citizen')),
  reported_by         uuid REFERENCES app_user (id),
  reporter_phone      text CHECK (length(reporter_phone) <= 20),
  state               text NOT NULL CHECK (state IN ('reported', 'accepted', 'escalated', 'handling', 'handled', 'verified', 'closed', 'rated')),
  township_unit_id    uuid NOT NULL REFERENCES unit (id),
  county_unit_id      uuid REFERENCES unit (id),
  responsible_unit_id uuid REFERENCES unit (id),
  -- by when the side that owes the next step must take it (null when none is owed)
  due_at              timestamptz,
  reported_at         timestamptz NOT NULL,
  accepted_at         timestamptz,
  escalated_at        timestamptz,
  handled_at          timestamptz,
  verified_at         timestamptz,
  closed_at           timestamptz,
  rating              smallint CHECK (rating BETWEEN 1 AND 5),
  rated_at            timestamptz,
  version             integer NOT NULL DEFAULT 1,
  CHECK ((latitude IS NULL) = (longitude IS NULL)),
  CHECK ((reporter_kind = 'grid-worker') = (reported_by IS NOT NULL)),
  CHECK ((reporter_kind = 'citizen') = (reporter_phone IS NOT NULL)),
  CHECK ((state = 'escalated') <= (county_unit_id IS NOT NULL)),
  CHECK ((state IN ('handling', 'handled', 'verified', 'closed', 'rated')) <= (responsible_unit_id IS NOT NULL)),
  CHECK ((state = 'rated') = (rating IS NOT NULL))
);
CREATE INDEX grid_event_township_idx ON grid_event (township_unit_id, state);
CREATE INDEX grid_event_county_idx ON grid_event (county_unit_id, state) WHERE county_unit_id IS NOT NULL;
CREATE INDEX grid_event_responsible_idx ON grid_event (responsible_unit_id, state) WHERE responsible_unit_id IS NOT NULL;
CREATE INDEX grid_event_region_idx ON grid_event (region_code, state);
CREATE INDEX grid_event_due_idx ON grid_event (due_at) WHERE due_at IS NOT NULL;

-- Everything that happened to an event, in order: its timeline (never rewritten).
CREATE TABLE grid_event_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id    uuid NOT NULL REFERENCES grid_event (id),
  at          timestamptz NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('reported', 'accepted', 'handled-locally', 'escalated', 'assigned', 'handling-recorded',
                'verified', 'verify-failed', 'closed', 'rated', 'photo-added')),
  unit_id     uuid REFERENCES unit (id),
  user_id     uuid REFERENCES app_user (id),
  note        text CHECK (length(note) <= 5000),
  due_at      timestamptz,
  from_state  text,
  to_state    text
);
CREATE INDEX grid_event_event_idx ON grid_event_event (event_id, at);

-- Photos of the place (JPEG or PNG only), stored once under their SM3 in the file store like dossiers.
CREATE TABLE grid_event_photo (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id        uuid NOT NULL REFERENCES grid_event (id),
  timeline_id     bigint REFERENCES grid_event_event (id),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  mime            text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
  size_bytes      bigint NOT NULL CHECK (size_bytes > 0),
  sm3             text NOT NULL CHECK (sm3 ~ '^[0-9a-f]{64}$'),
  unit_id         uuid REFERENCES unit (id),
  uploaded_by     uuid REFERENCES app_user (id),
  uploaded_at     timestamptz NOT NULL
);
CREATE INDEX grid_event_photo_event_idx ON grid_event_photo (event_id);
