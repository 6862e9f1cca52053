-- Foundation: regions, units, users, sessions, login attempts, the audit chain.

CREATE TABLE region (
  code         text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3})?$'),
  name         text NOT NULL,
  name_en      text NOT NULL,
  level        text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
  parent_code  text REFERENCES region (code),
  -- the codes of this region and of every region below it start with this prefix (GB/T 2260 layout)
  scope_prefix text NOT NULL
);
CREATE INDEX region_parent_idx ON region (parent_code);

CREATE TABLE unit (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  name_en     text NOT NULL,
  agency      text NOT NULL CHECK (agency IN ('committee', 'police', 'procuratorate', 'court', 'justice-bureau',
                'prison', 'detention-house', 'correction-office', 'governance-center', 'mediation-committee',
                'petition-office')),
  level       text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
  region_code text NOT NULL REFERENCES region (code),
  org_code    text UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unit_region_idx ON unit (region_code);
CREATE INDEX unit_agency_idx ON unit (agency);

-- "user" is reserved in SQL
CREATE TABLE app_user (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('handler', 'unit-head', 'supervisor', 'mediator', 'grid-worker',
                  'administrator', 'auditor')),
  unit_id       uuid NOT NULL REFERENCES unit (id),
  phone         text,
  id_number     text,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_user_unit_idx ON app_user (unit_id);

CREATE TABLE session (
  token_hash     text PRIMARY KEY,
  user_id        uuid NOT NULL REFERENCES app_user (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  client_address text
);
CREATE INDEX session_user_idx ON session (user_id);

CREATE TABLE login_attempt (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username       text NOT NULL,
  client_address text NOT NULL,
  at             timestamptz NOT NULL DEFAULT now(),
  succeeded      boolean NOT NULL
);
CREATE INDEX login_attempt_username_idx ON login_attempt (username, at);
CREATE INDEX login_attempt_client_idx ON login_attempt (client_address, at);

-- Append-only audit log, chained by SM3: hash = SM3(canonical record including prev_hash).
CREATE TABLE audit_record (
  seq            bigint PRIMARY KEY,
  at             timestamptz NOT NULL,
  actor_user_id  uuid,
  actor_username text,
  actor_unit_id  uuid,
  region_code    text,
  action         text NOT NULL,
  resource_kind  text NOT NULL,
  resource_id    text,
  client_address text,
  details        text NOT NULL,
  prev_hash      text NOT NULL,
  hash           text NOT NULL
);
CREATE INDEX audit_record_region_idx ON audit_record (region_code, seq);

-- The chain's head: one row, locked by each append so that records are chained in commit order.
CREATE TABLE audit_head (
  id   integer PRIMARY KEY CHECK (id = 1),
  seq  bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

CREATE FUNCTION audit_record_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_record_no_update_delete BEFORE UPDATE OR DELETE ON audit_record
  FOR EACH ROW EXECUTE FUNCTION audit_record_refuse_change();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
  FOR EACH STATEMENT EXECUTE FUNCTION audit_record_refuse_change();
