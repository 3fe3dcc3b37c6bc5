package io.postrain.inference.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.inference.config.InferenceConfig;
import io.postrain.service.ErrorBody;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses a request whose declared {@code Content-Length} is over {@code
 * postrain.inference.limits.max-request-bytes} before any of its body is read: 413 in OpenAI's
 * error shape under {@code /v1/chat/completions} and {@code /v1/models}, in the service's own shape
 * elsewhere. Without this filter a body over Quarkus' {@code quarkus.http.limits.max-body-size} (10
 * MiB) got a bare 413 with no body. A chunked body (no {@code Content-Length}) is counted by the
 * resource once read ({@link ChatCompletionsResource}, {@link GenerateResource}).
 */
@ApplicationScoped
public class BodyLimit {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs before Quarkus' body handler (which reads the body and applies its own limit). */
  private static final int PRIORITY = 1000;

  @Inject InferenceConfig config;

  void register(@Observes Filters filters) {
    filters.register(this::check, PRIORITY);
  }

  private void check(RoutingContext context) {
    String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long max = config.limits().maxRequestBytes();
    long length;
    try {
      length = declared == null ? -1 : Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      length = -1; // Vert.x answers a malformed Content-Length itself.
    }
    if (length <= max) {
      context.next();
      return;
    }
    String message = RequestChecks.tooLarge(length, max);
    context
        .response()
        .setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(body(context.normalizedPath(), message));
  }

  static String body(String path, String message) {
    Object error =
        OpenAiErrors.isOpenAiPath(path)
            ? OpenAiErrors.error(413, message, null, "request_too_large")
            : new ErrorBody(message, null);
    try {
      return JSON.writeValueAsString(error);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an error body is always JSON", e);
    }
  }
}
