-- The demo's oversight facts (src/seed/demo-oversight.ts) load once, after its cases: when they did.
ALTER TABLE demo_load ADD COLUMN oversight_loaded_at timestamptz;
