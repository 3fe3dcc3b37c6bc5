-- The dataset linter's report on the rows a job trains on, written before the job starts.
-- Version 3.1 so that another branch's V3 cannot collide with it.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.
ALTER TABLE job ADD COLUMN lint TEXT;
ALTER TABLE job ADD COLUMN lint_severity VARCHAR(10);
