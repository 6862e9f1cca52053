-- The demo's criminal cases load in the background after the server listens (they take minutes on the
-- embedded database). This row says which demo was planned (seed, the moment its dates count back from, how
-- many cases) and the next case to load, so that a server stopped half-way goes on where it stopped.
CREATE TABLE demo_load (
  id           integer PRIMARY KEY CHECK (id = 1),
  seed         integer NOT NULL,
  planned_at   timestamptz NOT NULL,
  total        integer NOT NULL CHECK (total >= 0),
  -- the plan index of the next case to load; a case interrupted half-way is left as it stood (each of its
  -- states is one the flow allows) and not loaded twice
  next_case    integer NOT NULL DEFAULT 0 CHECK (next_case >= 0),
  finished_at  timestamptz
);
