package io.postrain.service;

import io.postrain.events.InvalidEventException;
import io.postrain.events.ModelReference;
import io.postrain.events.Names;

/**
 * The name rule of {@link Names} at the HTTP edge: a refused name or model reference is a 400
 * naming the field, the refused value and the rule.
 */
public final class RequestNames {

  private RequestNames() {}

  /**
   * Requires a name that follows {@link Names#RULE}.
   *
   * @throws ApiException 400 naming the field
   */
  public static String name(String field, String value) {
    try {
      return Names.check(field, value);
    } catch (InvalidEventException e) {
      throw ApiException.badRequest(field, e.getMessage());
    }
  }

  /**
   * Parses a model reference ({@link ModelReference#FORMS}).
   *
   * @throws ApiException 400 naming the field
   */
  public static ModelReference modelReference(String field, String value) {
    try {
      return ModelReference.parse(field, value);
    } catch (InvalidEventException e) {
      throw ApiException.badRequest(field, e.getMessage());
    }
  }
}
