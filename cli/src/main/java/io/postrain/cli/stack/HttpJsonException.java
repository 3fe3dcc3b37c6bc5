package io.postrain.cli.stack;

/** A service answered with a status other than 2xx; the message shows the status and error. */
public final class HttpJsonException extends RuntimeException {

  private final int status;
  private final String body;

  /**
   * @param request the method and URL, e.g. {@code POST http://127.0.0.1:8081/v1/generate}
   * @param status the HTTP status
   * @param error the body's {@code error} field, or the body itself when it has none
   * @param body the whole response body
   */
  public HttpJsonException(String request, int status, String error, String body) {
    super(request + " answered HTTP " + status + ": " + error);
    this.status = status;
    this.body = body;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The whole response body. */
  public String body() {
    return body;
  }
}
