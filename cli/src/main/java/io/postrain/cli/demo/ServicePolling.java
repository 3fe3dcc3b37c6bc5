package io.postrain.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.cli.stack.HttpJson;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls the services until a condition holds or the phase's time runs out. */
public final class ServicePolling {

  private static final Duration INTERVAL = Duration.ofMillis(500);

  private final Duration timeout;
  private final PrintStream out;

  /**
   * @param timeout how long one wait may take
   * @param out where progress goes
   */
  public ServicePolling(Duration timeout, PrintStream out) {
    this.timeout = timeout;
    this.out = out;
  }

  /**
   * Polls {@code fetch} until {@code done} accepts its answer.
   *
   * @param what a description for the timeout message
   * @param onEach told of every answer (for progress lines)
   * @return the accepted answer
   * @throws IllegalStateException when the time runs out, with the last answer
   */
  public JsonNode until(
      String what,
      Supplier<JsonNode> fetch,
      Predicate<JsonNode> done,
      java.util.function.Consumer<JsonNode> onEach) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (true) {
      last = fetch.get();
      onEach.accept(last);
      if (done.test(last)) {
        return last;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after "
                + timeout.toSeconds()
                + " s waiting for "
                + what
                + "; last: "
                + last);
      }
      sleep();
    }
  }

  /**
   * Waits until the inference service lists {@code name} (at {@code version} when not null).
   *
   * @return the {@code /v1/models} entry
   */
  public JsonNode awaitModel(HttpJson inference, String name, String version) {
    String what = "inference service to serve " + name + (version == null ? "" : ":" + version);
    out.println("[demo] waiting for the " + what);
    JsonNode list =
        until(
            what, () -> inference.get("/v1/models"), l -> find(l, name, version) != null, l -> {});
    return find(list, name, version);
  }

  /** The entry of {@code /v1/models} with this name and version (any version when null). */
  static JsonNode find(JsonNode list, String name, String version) {
    for (JsonNode entry : list.path("data")) {
      if (name.equals(entry.path("name").asText())
          && (version == null || version.equals(entry.path("version").asText()))) {
        return entry;
      }
    }
    return null;
  }

  private static void sleep() {
    try {
      Thread.sleep(INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a service", e);
    }
  }
}
