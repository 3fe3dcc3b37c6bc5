package io.postrain.inference.service;

import io.postrain.service.ApiException;

/**
 * A reference to a served model: {@code name} or {@code name:latest} (the newest version), or
 * {@code name:version}.
 *
 * @param name the model's name
 * @param version the version, or null for the newest
 */
public record ModelRef(String name, String version) {

  /** The alias of a model's newest version. */
  public static final String LATEST = "latest";

  /** Parses a reference; the field names the request field for the error. */
  public static ModelRef parse(String field, String reference) {
    if (reference == null || reference.isBlank()) {
      throw ApiException.badRequest(
          field, field + " is missing: expected name, name:version or name:latest");
    }
    int colon = reference.lastIndexOf(':');
    String name = colon < 0 ? reference : reference.substring(0, colon);
    String version = colon < 0 ? null : reference.substring(colon + 1);
    if (name.isBlank() || (version != null && version.isBlank())) {
      throw ApiException.badRequest(
          field,
          field + " '" + reference + "' is malformed: expected name, name:version or name:latest");
    }
    return new ModelRef(name, LATEST.equals(version) ? null : version);
  }
}
