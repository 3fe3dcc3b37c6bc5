package io.postrain.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpJsonTest {

  private HttpServer server;
  private HttpJson http;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/models", ex -> answer(ex, 200, "application/json", "{\"names\":[\"a\",\"b\"]}"));
    server.createContext(
        "/echo",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String type = ex.getRequestHeaders().getFirst("Content-Type");
          answer(ex, 200, "application/json", "{\"got\":" + body + ",\"type\":\"" + type + "\"}");
        });
    server.createContext(
        "/bad",
        ex -> answer(ex, 400, "application/json", "{\"error\":\"temperature must be >= 0\"}"));
    server.createContext(
        "/openai-bad",
        ex ->
            answer(
                ex,
                404,
                "application/json",
                "{\"error\":{\"message\":\"The model 'x' does not exist\","
                    + "\"type\":\"invalid_request_error\",\"param\":\"model\","
                    + "\"code\":\"model_not_found\"}}"));
    server.createContext("/plain-error", ex -> answer(ex, 503, "text/plain", "warming up"));
    server.createContext("/empty", ex -> answer(ex, 200, "application/json", ""));
    server.createContext(
        "/stream",
        ex ->
            answer(
                ex,
                200,
                "text/event-stream",
                "data: {\"token\":\"He\"}\n\ndata:{\"token\":\"llo\"}\n\n: comment\ndata: line1\ndata: line2\n\n"));
    server.start();
    http =
        new HttpJson(
            "http://127.0.0.1:" + server.getAddress().getPort() + "/", Duration.ofSeconds(5));
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void getsAndPostsJson() {
    assertThat(http.get("/models").path("names").get(1).asText()).isEqualTo("b");
    var answer = http.post("/echo", Map.of("prompt", "2+2?", "max_tokens", 4));
    assertThat(answer.path("got").path("prompt").asText()).isEqualTo("2+2?");
    assertThat(answer.path("got").path("max_tokens").asInt()).isEqualTo(4);
    assertThat(answer.path("type").asText()).isEqualTo("application/json");
    assertThat(http.post("/empty", "{}").isMissingNode()).isTrue();
  }

  @Test
  void errorShowsStatusAndErrorField() {
    assertThatThrownBy(() -> http.post("/bad", Map.of("temperature", -1)))
        .isInstanceOf(HttpJsonException.class)
        .hasMessageContaining("POST http://127.0.0.1:")
        .hasMessageEndingWith("/bad answered HTTP 400: temperature must be >= 0")
        .extracting(e -> ((HttpJsonException) e).status())
        .isEqualTo(400);
    assertThatThrownBy(() -> http.get("/openai-bad"))
        .hasMessageEndingWith("answered HTTP 404: The model 'x' does not exist");
    assertThatThrownBy(() -> http.get("/plain-error"))
        .hasMessageEndingWith("answered HTTP 503: warming up");
  }

  @Test
  void readsServerSentEvents() {
    List<String> events = new ArrayList<>();
    http.postEvents("/stream", Map.of("prompt", "hi"), events::add);
    assertThat(events).containsExactly("{\"token\":\"He\"}", "{\"token\":\"llo\"}", "line1\nline2");
  }

  private static void answer(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
