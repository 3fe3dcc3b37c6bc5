-- Inference service schema. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.

-- A model version the registry knows: a base model from the models directory or a trained
-- version announced on model-updates; FAILED ones are kept with the reason and never served.
CREATE TABLE model_version (
    id           VARCHAR(36)   PRIMARY KEY,
    model_name   VARCHAR(200)  NOT NULL,
    version      VARCHAR(200)  NOT NULL,
    path         VARCHAR(2000) NOT NULL,
    status       VARCHAR(20)   NOT NULL,
    error        VARCHAR(4000),
    update_id    VARCHAR(64),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT model_version_name_version UNIQUE (model_name, version)
);

-- A prompt received on the prompts topic and what happened to it.
CREATE TABLE prompt_record (
    id                VARCHAR(64)   PRIMARY KEY,
    model             VARCHAR(200)  NOT NULL,
    model_version     VARCHAR(200),
    status            VARCHAR(20)   NOT NULL,
    response_id       VARCHAR(64),
    response          TEXT,
    prompt_tokens     INTEGER       NOT NULL DEFAULT 0,
    completion_tokens INTEGER       NOT NULL DEFAULT 0,
    deliveries        INTEGER       NOT NULL DEFAULT 0,
    error             VARCHAR(4000),
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at       TIMESTAMP WITH TIME ZONE,
    generation_ms     BIGINT
);
