package io.postrain.lm.template;

/**
 * A chat template that cannot be rendered: a syntax error, a {@code raise_exception(msg)} in the
 * template (the message is {@code msg}), or a value the template cannot use.
 */
public class ChatTemplateException extends RuntimeException {

  public ChatTemplateException(String message) {
    super(message);
  }

  public ChatTemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
