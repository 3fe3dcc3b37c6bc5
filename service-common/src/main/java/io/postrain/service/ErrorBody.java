package io.postrain.service;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer: what was wrong and what is accepted, and the offending field as a
 * JSON path when one is to blame.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String field) {}
