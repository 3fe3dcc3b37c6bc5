package io.postrain.curate.filter;

/** A filter setting out of its range; names the setting so an API can answer 400 with it. */
public final class BadSettingException extends IllegalArgumentException {

  private final String field;

  BadSettingException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The setting, by its JSON name (e.g. {@code maxLength}). */
  public String field() {
    return field;
  }
}
