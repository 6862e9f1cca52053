-- The demo's governance center (src/seed/demo-governance.ts: disputes, petitions, grid events) loads after its
-- oversight part, one story at a time: the plan index of the next story (written in each story's own
-- transaction, so a story is loaded whole or not at all and never twice), and when the whole part was loaded.
ALTER TABLE demo_load ADD COLUMN governance_next integer NOT NULL DEFAULT 0 CHECK (governance_next >= 0);
ALTER TABLE demo_load ADD COLUMN governance_loaded_at timestamptz;
