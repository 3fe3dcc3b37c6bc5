package io.postrain.service;

/**
 * A request the service refuses, with the HTTP status to answer, the offending field (a JSON path,
 * or null) and a message that says what was wrong and what is accepted.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String field;

  private ApiException(int status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }

  /** 400: the request itself is wrong. */
  public static ApiException badRequest(String field, String message) {
    return new ApiException(400, field, message);
  }

  /** 404: the named resource does not exist. */
  public static ApiException notFound(String message) {
    return new ApiException(404, null, message);
  }

  /** 409: the request is well-formed but conflicts with the resource's state. */
  public static ApiException conflict(String message) {
    return new ApiException(409, null, message);
  }

  /** 409 naming the field whose value conflicts with the service's state. */
  public static ApiException conflict(String field, String message) {
    return new ApiException(409, field, message);
  }

  /** 413: the request body is larger than the service accepts. */
  public static ApiException tooLarge(String message) {
    return new ApiException(413, null, message);
  }

  /** 503: the service cannot take the request now (queue full, no model loaded yet). */
  public static ApiException unavailable(String message) {
    return new ApiException(503, null, message);
  }

  /** The HTTP status: 400, 404, 409, 413 or 503. */
  public int status() {
    return status;
  }

  /** The offending field as a JSON path, or null. */
  public String field() {
    return field;
  }
}
