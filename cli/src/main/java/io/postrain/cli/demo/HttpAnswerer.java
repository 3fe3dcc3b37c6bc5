package io.postrain.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.cli.stack.HttpJson;
import io.postrain.scenario.Answerer;
import io.postrain.scenario.HeldOutEval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Answers through the inference service's {@code POST /v1/generate}, greedy; the questions of a
 * batch are sent concurrently so the service's scheduler batches them.
 */
public final class HttpAnswerer implements Answerer, AutoCloseable {

  private final HttpJson http;
  private final String model;
  private final ExecutorService pool;

  /**
   * @param http the inference service
   * @param model {@code name}, {@code name:version} or {@code name:latest}
   * @param concurrency requests in flight at once, at least 1
   */
  public HttpAnswerer(HttpJson http, String model, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }
    this.http = http;
    this.model = model;
    this.pool = Executors.newFixedThreadPool(concurrency);
  }

  /** The request body of one question: greedy, {@link HeldOutEval#MAX_NEW_TOKENS} at most. */
  public static Map<String, Object> request(String model, String question) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("user", question);
    body.put("max_new_tokens", HeldOutEval.MAX_NEW_TOKENS);
    body.put("temperature", 0.0);
    body.put("n", 1);
    return body;
  }

  @Override
  public List<String> answer(List<String> userMessages) {
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (String question : userMessages) {
      futures.add(CompletableFuture.supplyAsync(() -> ask(question), pool));
    }
    List<String> answers = new ArrayList<>();
    try {
      for (CompletableFuture<String> f : futures) {
        answers.add(f.join());
      }
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return answers;
  }

  private String ask(String question) {
    JsonNode answer = http.post("/v1/generate", request(model, question));
    JsonNode text = answer.path("candidates").path(0).path("text");
    if (!text.isTextual()) {
      throw new IllegalStateException(
          "inference service answered without candidates[0].text: " + answer);
    }
    return text.asText();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
