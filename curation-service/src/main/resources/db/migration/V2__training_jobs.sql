-- Every training job curation requested, and how the trainer says it ended (topic
-- training-outcomes): REQUESTED until then, then SUCCEEDED / FAILED / CANCELLED.
CREATE TABLE training_job (
    job_id        VARCHAR(64)  PRIMARY KEY,
    dataset_id    VARCHAR(36)  NOT NULL REFERENCES dataset (id),
    method        VARCHAR(10)  NOT NULL,
    output_model  VARCHAR(200) NOT NULL,
    state         VARCHAR(20)  NOT NULL,
    error         VARCHAR(4000),
    model_version VARCHAR(200),
    requested_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX training_job_by_dataset ON training_job (dataset_id, requested_at);
