-- The citizens' pages' abuse limits (rules/governance/public-limits.yaml): one row per attempt, keyed by what is
-- counted (the client address, the phone number, a tracking code) as an HMAC-SM3 digest — an address or a phone
-- number is never written down for this. Rows older than the longest window are deleted as new ones arrive.
CREATE TABLE public_attempt (
  id      bigserial PRIMARY KEY,
  bucket  text NOT NULL CHECK (bucket IN ('submit', 'lookup')),
  key     text NOT NULL CHECK (key IN ('address', 'phone', 'code')),
  digest  text NOT NULL,
  at      timestamptz NOT NULL
);
CREATE INDEX public_attempt_key_idx ON public_attempt (bucket, key, digest, at);
CREATE INDEX public_attempt_at_idx ON public_attempt (at);

-- What the citizens' pages filed: one row per submission, keyed by an HMAC-SM3 digest of the normalised form and
-- the day (the same submission sent twice is one record: the second answers the first one's tracking code). A
-- petition's code is the petition's own; a citizen's grid event gets its code here (grid workers' reports are not
-- followed by the public). A public dispute is kept once by the dispute's own import key.
CREATE TABLE public_filing (
  submission_key  text PRIMARY KEY CHECK (submission_key ~ '^[0-9a-f]{64}$'),
  kind            text NOT NULL CHECK (kind IN ('petition', 'grid-event')),
  matter_id       uuid NOT NULL,
  tracking_code   text NOT NULL UNIQUE CHECK (tracking_code ~ '^(XF|SJ)[0-9A-HJKMNP-TV-Z]{12}$'),
  filed_at        timestamptz NOT NULL
);
CREATE INDEX public_filing_matter_idx ON public_filing (kind, matter_id);
