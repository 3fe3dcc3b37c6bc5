package io.postrain.events;

/**
 * An event that cannot be accepted: malformed JSON, a missing field or a value out of range. The
 * message says what was wrong and what is accepted; {@link #field()} names the offending field as a
 * JSON path ({@code sampling.topP}, {@code messages[0]}), or is null when the whole payload is
 * unreadable.
 */
public class InvalidEventException extends RuntimeException {

  private final String field;

  /**
   * @param field the offending field as a JSON path, or null when no single field is to blame
   * @param message what was wrong and what is accepted
   */
  public InvalidEventException(String field, String message) {
    super(message);
    this.field = field;
  }

  /**
   * @param field the offending field as a JSON path, or null when no single field is to blame
   * @param message what was wrong and what is accepted
   * @param cause the parser's exception
   */
  public InvalidEventException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The offending field as a JSON path, or null when the whole payload is unreadable. */
  public String field() {
    return field;
  }
}
