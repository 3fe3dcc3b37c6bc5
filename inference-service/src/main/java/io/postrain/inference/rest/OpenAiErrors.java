package io.postrain.inference.rest;

import io.postrain.events.InvalidEventException;
import io.postrain.events.ModelReference;
import io.postrain.inference.api.OpenAiError;
import io.postrain.inference.service.ModelRegistry;
import io.postrain.service.ApiException;
import io.postrain.service.RequestNames;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Errors of the OpenAI endpoints in OpenAI's shape, {@code {"error": {message, type, param,
 * code}}}: the resources {@link ChatCompletionsResource} and {@link ModelsResource} map their
 * exceptions here (their own exception mappers win over service-common's, which keep the other
 * endpoints' {@code {"error": "...", "field": ...}}).
 */
final class OpenAiErrors {

  private static final Logger LOG = Logger.getLogger(OpenAiErrors.class);

  private OpenAiErrors() {}

  /** A refusal with OpenAI's status and code, e.g. 404 {@code model_not_found}. */
  static final class Refusal extends RuntimeException {
    final int status;
    final String param;
    final String code;

    Refusal(int status, String param, String code, String message) {
      super(message);
      this.status = status;
      this.param = param;
      this.code = code;
    }
  }

  /** 404 {@code model_not_found} unless the reference names a loaded model and version. */
  static void requireServed(ModelRegistry registry, String field, String reference) {
    ModelReference ref = RequestNames.modelReference(field, reference);
    var loaded = registry.loaded().get(ref.name());
    boolean served =
        loaded != null
            && (ref.newest() || loaded.stream().anyMatch(m -> m.version().equals(ref.version())));
    if (!served) {
      throw new Refusal(
          404,
          field,
          "model_not_found",
          "The model '"
              + reference
              + "' does not exist: served are "
              + servedIds(registry)
              + " (see GET /v1/models)");
    }
  }

  private static List<String> servedIds(ModelRegistry registry) {
    List<String> ids = new ArrayList<>();
    registry.loaded().values().forEach(versions -> versions.forEach(m -> ids.add(m.id())));
    return ids;
  }

  static Response of(Refusal e) {
    return body(e.status, e.getMessage(), e.param, e.code);
  }

  static Response of(ApiException e) {
    String code =
        switch (e.status()) {
          case 404 -> "not_found";
          case 413 -> "request_too_large";
          case 503 -> "service_unavailable";
          default -> null;
        };
    return body(e.status(), e.getMessage(), e.field(), code);
  }

  static Response of(InvalidEventException e) {
    return body(400, e.getMessage(), e.field(), null);
  }

  static Response of(WebApplicationException e) {
    int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
    return body(status, e.getMessage(), null, null);
  }

  static Response unexpected(RuntimeException e) {
    LOG.error("request failed", e);
    return body(500, "the service failed: " + e.getMessage(), null, null);
  }

  static Response body(int status, String message, String param, String code) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(error(status, message, param, code))
        .build();
  }

  /** OpenAI's error object: {@code {"error": {"message", "type", "param", "code"}}}. */
  static OpenAiError error(int status, String message, String param, String code) {
    String type = status >= 500 ? "server_error" : "invalid_request_error";
    return new OpenAiError(new OpenAiError.Detail(message, type, param, code));
  }

  /** Whether {@code path} is served in OpenAI's shape: chat completions and the models. */
  static boolean isOpenAiPath(String path) {
    return path != null
        && (path.startsWith("/v1/chat/completions") || path.startsWith("/v1/models"));
  }
}
