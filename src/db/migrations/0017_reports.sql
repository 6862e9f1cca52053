-- Statistical reports (issue 7 part 3): the history of issued report files and the schedules that issue them.
-- The definitions of the reports are data (rules/reports.yaml); the files live in the document store under
-- their SM3 digest (file_key), as dossier documents do.

-- A standing order to issue one report of one region every month or quarter (the server's scheduler runs it).
CREATE TABLE report_schedule (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id        text NOT NULL CHECK (report_id ~ '^[a-z][a-z0-9-]*$'),
  region_code      text NOT NULL REFERENCES region (code),
  format           text NOT NULL CHECK (format IN ('xlsx', 'pdf')),
  -- monthly: the previous month, issued on day_of_month at hour (CST); quarterly: the previous quarter, on
  -- day_of_month of the quarter's first month
  cadence          text NOT NULL CHECK (cadence IN ('monthly', 'quarterly')),
  day_of_month     smallint NOT NULL CHECK (day_of_month BETWEEN 1 AND 28),
  hour             smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  enabled          boolean NOT NULL DEFAULT true,
  -- the last period issued: a run issues a period once, however many servers run the scheduler
  last_run_period  text,
  created_by       uuid NOT NULL REFERENCES app_user (id),
  created_at       timestamptz NOT NULL,
  version          integer NOT NULL DEFAULT 1
);
CREATE INDEX report_schedule_region_idx ON report_schedule (region_code);

-- Every report file issued: by a user from the report centre, by the command line, or by a schedule.
CREATE TABLE report_issue (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id          text NOT NULL CHECK (report_id ~ '^[a-z][a-z0-9-]*$'),
  -- as written in the period grammar: 2026, 2026-Q1, 2026-03, 2026-03-01..2026-03-15
  period             text NOT NULL,
  region_code        text NOT NULL REFERENCES region (code),
  format             text NOT NULL CHECK (format IN ('xlsx', 'pdf')),
  -- the document store's key: the SM3 digest of the bytes (GB/T 32905-2016)
  file_key           text NOT NULL CHECK (file_key ~ '^[0-9a-f]{64}$'),
  sm3                text NOT NULL CHECK (sm3 ~ '^[0-9a-f]{64}$'),
  bytes              integer NOT NULL CHECK (bytes > 0),
  issued_at          timestamptz NOT NULL,
  -- the username, 'cli' or 'scheduler'
  issued_by          text NOT NULL,
  issued_by_user_id  uuid REFERENCES app_user (id),
  schedule_id        uuid REFERENCES report_schedule (id) ON DELETE SET NULL,
  CHECK ((issued_by IN ('cli', 'scheduler')) = (issued_by_user_id IS NULL))
);
CREATE INDEX report_issue_region_idx ON report_issue (region_code, issued_at DESC);
CREATE INDEX report_issue_report_idx ON report_issue (report_id, period);

-- The collaboration rate (its API and its report) reads the transfers sent in a period and each request's answer:
-- without these, a province-year's rate scanned the transfers once per transfer (bench/reports.bench.ts).
CREATE INDEX transfer_sent_idx ON transfer (sent_at);
CREATE INDEX transfer_answers_idx ON transfer (answers_transfer_id) WHERE answers_transfer_id IS NOT NULL;
