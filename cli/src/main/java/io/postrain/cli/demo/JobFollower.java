package io.postrain.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.postrain.cli.stack.HttpJson;
import io.postrain.cli.stack.HttpJsonException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Follows a training job on the trainer service ({@code GET /jobs/{id}}) with progress lines. */
public final class JobFollower {

  private static final List<String> METRICS =
      List.of("loss", "rewards/margins", "rewards/accuracies", "learning_rate");

  private final HttpJson trainer;
  private final ServicePolling polling;
  private final PrintStream out;

  /**
   * @param trainer the trainer service
   * @param polling how to wait
   * @param out where progress goes
   */
  public JobFollower(HttpJson trainer, ServicePolling polling, PrintStream out) {
    this.trainer = trainer;
    this.polling = polling;
    this.out = out;
  }

  /**
   * Waits until the job ends.
   *
   * @return the finished job
   * @throws IllegalStateException when it failed or was cancelled, with its error
   */
  public JsonNode follow(String jobId) {
    long[] runningSince = {0};
    int[] lastStep = {-1};
    String[] lastState = {""};
    JsonNode job =
        polling.until(
            "training job " + jobId,
            () -> fetch(jobId),
            j -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(j.path("state").asText()),
            j -> {
              String state = j.path("state").asText();
              if (!state.equals(lastState[0])) {
                out.println("[training] job " + jobId + ": " + state);
                lastState[0] = state;
              }
              if ("RUNNING".equals(state) && runningSince[0] == 0) {
                runningSince[0] = System.nanoTime();
              }
              int step = j.path("step").asInt();
              if (step > lastStep[0] && step > 0) {
                lastStep[0] = step;
                out.println(line(j, Duration.ofNanos(System.nanoTime() - runningSince[0])));
              }
            });
    if (!"SUCCEEDED".equals(job.path("state").asText())) {
      throw new IllegalStateException(
          "training job "
              + jobId
              + " ended "
              + job.path("state").asText()
              + ": "
              + job.path("error").asText(""));
    }
    return job;
  }

  /**
   * The job, or {@code {"state": "NOT_RECEIVED"}} while the trainer service has not yet consumed
   * the job's record from Kafka (it answers 404 until then).
   */
  private JsonNode fetch(String jobId) {
    try {
      return trainer.get("/jobs/" + jobId);
    } catch (HttpJsonException e) {
      if (e.status() == 404) {
        return JsonNodeFactory.instance.objectNode().put("state", "NOT_RECEIVED");
      }
      throw e;
    }
  }

  /** One progress line: step/total, the DPO metrics, the ETA from the speed so far. */
  static String line(JsonNode job, Duration elapsed) {
    int step = job.path("step").asInt();
    int total = job.path("totalSteps").asInt();
    Map<String, Double> metrics = new TreeMap<>();
    job.path("lastMetrics")
        .fields()
        .forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
    Duration eta =
        step <= 0 || total <= step
            ? Duration.ZERO
            : elapsed.multipliedBy(total - step).dividedBy(step);
    return ProgressPrinter.line("training", step, total, metrics, METRICS, 0, eta);
  }
}
