package io.postrain.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.postrain.cli.stack.HttpJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** JobFollower against a JDK HTTP server that plays the trainer service. */
class JobFollowerTest {

  private HttpServer server;

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpJson serve(List<Integer> statuses, List<String> bodies) throws Exception {
    AtomicInteger call = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jobs/j1",
        exchange -> {
          int i = Math.min(call.getAndIncrement(), bodies.size() - 1);
          byte[] body = bodies.get(i).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(statuses.get(i), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return new HttpJson("http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(5));
  }

  @Test
  void waitsThrough404UntilTheJobSucceeds() throws Exception {
    HttpJson http =
        serve(
            List.of(404, 200, 200),
            List.of(
                "{\"error\":\"no job with id j1\"}",
                "{\"state\":\"RUNNING\",\"step\":1,\"totalSteps\":2,\"lastMetrics\":{\"loss\":0.5}}",
                "{\"state\":\"SUCCEEDED\",\"step\":2,\"totalSteps\":2,\"modelVersion\":\"v1\"}"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var job =
        new JobFollower(
                http,
                new ServicePolling(Duration.ofSeconds(20), new PrintStream(out)),
                new PrintStream(out, true))
            .follow("j1");
    assertThat(job.path("modelVersion").asText()).isEqualTo("v1");
    assertThat(out.toString())
        .contains("NOT_RECEIVED")
        .contains("[training] step 1/2  loss 0.5000")
        .contains("SUCCEEDED");
  }

  @Test
  void aFailedJobIsAnErrorWithItsMessage() throws Exception {
    HttpJson http = serve(List.of(200), List.of("{\"state\":\"FAILED\",\"error\":\"diverged\"}"));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    assertThatThrownBy(
            () ->
                new JobFollower(http, new ServicePolling(Duration.ofSeconds(5), quiet), quiet)
                    .follow("j1"))
        .hasMessageContaining("ended FAILED: diverged");
  }
}
