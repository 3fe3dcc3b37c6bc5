package io.postrain.cli.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A small JSON-over-HTTP client for one service: GET and POST with Jackson, server-sent events.
 *
 * <p>A non-2xx answer raises {@link HttpJsonException} with the status and the body's {@code error}
 * field (or {@code error.message}, OpenAI's shape); a connection failure raises {@link
 * UncheckedIOException} naming the URL.
 */
public final class HttpJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient client;

  /**
   * @param baseUrl e.g. {@code http://127.0.0.1:8081} (no trailing slash needed)
   * @param timeout per request (for SSE: until the response starts)
   */
  public HttpJson(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The base URL requests go to. */
  public String baseUrl() {
    return baseUrl;
  }

  /** GET {@code path} and parse the JSON answer. */
  public JsonNode get(String path) {
    return parse(send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** GET {@code path} and map the JSON answer to {@code type}. */
  public <T> T get(String path, Class<T> type) {
    return MAPPER.convertValue(get(path), type);
  }

  /**
   * POST {@code body} as JSON to {@code path} and parse the JSON answer (a missing node when
   * empty).
   */
  public JsonNode post(String path, Object body) {
    HttpRequest request =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json(body)))
            .build();
    return parse(send(request, HttpResponse.BodyHandlers.ofString()));
  }

  /** POST {@code body} as JSON to {@code path} and map the JSON answer to {@code type}. */
  public <T> T post(String path, Object body, Class<T> type) {
    return MAPPER.convertValue(post(path, body), type);
  }

  /**
   * POST {@code body} as JSON to {@code path} and hand each server-sent event's {@code data} to
   * {@code onData} until the stream ends. Multi-line data is joined with newlines, per the SSE
   * format.
   */
  public void postEvents(String path, Object body, Consumer<String> onData) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(json(body)))
            .build();
    HttpResponse<Stream<String>> response = send(request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() / 100 != 2) {
      String text = String.join("\n", response.body().toList());
      throw error(request, response.statusCode(), text);
    }
    try (Stream<String> lines = response.body()) {
      StringBuilder data = new StringBuilder();
      lines.forEachOrdered(
          line -> {
            if (line.isEmpty()) {
              if (data.length() > 0) {
                onData.accept(data.toString());
                data.setLength(0);
              }
            } else if (line.startsWith("data:")) {
              if (data.length() > 0) {
                data.append('\n');
              }
              data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
          });
      if (data.length() > 0) {
        onData.accept(data.toString());
      }
    }
  }

  /** The JSON text of {@code value}. */
  public static String json(Object value) {
    try {
      return value instanceof String text ? text : MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(timeout)
        .header("Accept", "application/json");
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return client.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(
          request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
    }
  }

  private JsonNode parse(HttpResponse<String> response) {
    if (response.statusCode() / 100 != 2) {
      throw error(response.request(), response.statusCode(), response.body());
    }
    String body = response.body();
    if (body == null || body.isBlank()) {
      return MAPPER.missingNode();
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          response.request().uri() + " answered non-JSON: " + abbreviate(body), e);
    }
  }

  private static HttpJsonException error(HttpRequest request, int status, String body) {
    String error = abbreviate(body);
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node != null && node.hasNonNull("error")) {
        JsonNode e = node.get("error");
        // the OpenAI endpoints answer {"error": {"message": ...}}, the others {"error": "..."}
        error = e.isObject() ? e.path("message").asText(abbreviate(body)) : e.asText();
      }
    } catch (JsonProcessingException e) {
      // Not JSON: the body itself is the error.
    }
    return new HttpJsonException(request.method() + " " + request.uri(), status, error, body);
  }

  private static String abbreviate(String text) {
    String line = text == null ? "" : text.replace('\n', ' ').strip();
    return line.length() <= 300 ? line : line.substring(0, 300) + "...";
  }
}
