-- The DPO job's regulariser: an SFT dataset whose negative log-likelihood the DPO loss adds.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.
ALTER TABLE job ADD COLUMN regularization_dataset_id VARCHAR(200);
ALTER TABLE job ADD COLUMN regularization_examples INTEGER NOT NULL DEFAULT 0;
