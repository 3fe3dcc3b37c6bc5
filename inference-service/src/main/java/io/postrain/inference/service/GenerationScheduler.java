package io.postrain.inference.service;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.postrain.inference.config.InferenceConfig;
import io.postrain.lm.generate.Completion;
import io.postrain.lm.generate.TokenListener;
import io.postrain.service.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The one thread that runs all generation, and its queue. Requests (HTTP and Kafka) wait in one
 * FIFO queue; the worker takes the oldest and, with it, up to {@code max-batch-size} - 1 more
 * waiting requests for the same model version with an equal {@code GenerationConfig} (max new
 * tokens, temperature, top-k, top-p, seed, n, stop ids; greedy requests are normalised to seed 0,
 * top-k 0, top-p 1 so all greedy requests of a length batch together), and runs them as one padded
 * batch. Equal configs make batching invisible in the results: the generator seeds each candidate
 * by (seed, candidate index), not by row.
 */
@ApplicationScoped
public class GenerationScheduler {

  private static final Logger LOG = Logger.getLogger(GenerationScheduler.class);

  @Inject InferenceConfig config;

  @Inject MeterRegistry meters;

  private final Deque<GenerationJob> queue = new ArrayDeque<>();
  private final AtomicLong lastTokensPerSecond = new AtomicLong();
  private Thread worker;
  private volatile boolean running;
  private DistributionSummary batchSizes;
  private Counter generatedTokens;

  void onStart(@Observes StartupEvent event) {
    batchSizes =
        DistributionSummary.builder("postrain.inference.batch.size")
            .description("Prompts generated together in one padded batch")
            .publishPercentileHistogram()
            .register(meters);
    generatedTokens =
        Counter.builder("postrain.inference.generated.tokens")
            .description("Tokens generated, all candidates")
            .register(meters);
    meters.gauge("postrain.inference.queue.depth", queue, q -> depth());
    meters.gauge(
        "postrain.inference.tokens.per.second", lastTokensPerSecond, AtomicLong::doubleValue);
    running = true;
    worker = new Thread(this::work, "generation-worker");
    worker.setDaemon(true);
    worker.start();
  }

  void onStop(@Observes ShutdownEvent event) throws InterruptedException {
    synchronized (queue) {
      running = false;
      queue.notifyAll();
    }
    worker.join(10_000);
  }

  /**
   * Queues a job for the worker.
   *
   * @throws ApiException 503 when {@code max-queued} jobs are already waiting
   */
  public void submit(GenerationJob job) {
    synchronized (queue) {
      if (queue.size() >= config.batching().maxQueued()) {
        throw ApiException.unavailable(
            "the generation queue is full (" + queue.size() + " requests waiting): retry later");
      }
      queue.addLast(job);
      queue.notifyAll();
    }
  }

  /** Requests waiting for the worker. */
  public int depth() {
    synchronized (queue) {
      return queue.size();
    }
  }

  private void work() {
    Engine.getInstance(); // loads the native library before the first JNI call
    JniUtils.setGradMode(false);
    while (true) {
      List<GenerationJob> batch;
      try {
        batch = nextBatch();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (batch == null) {
        return;
      }
      run(batch);
    }
  }

  /** Waits for a job, then up to max-wait for companions; null when shutting down. */
  private List<GenerationJob> nextBatch() throws InterruptedException {
    int max = config.batching().maxBatchSize();
    synchronized (queue) {
      while (running && queue.isEmpty()) {
        queue.wait();
      }
      if (!running) {
        return null;
      }
      GenerationJob first = queue.peekFirst();
      long deadline = first.enqueuedNanos() + config.batching().maxWait().toNanos();
      while (running && companions(first) < max) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        queue.wait(Math.max(1, left / 1_000_000));
      }
      List<GenerationJob> batch = new ArrayList<>();
      for (Iterator<GenerationJob> it = queue.iterator(); it.hasNext() && batch.size() < max; ) {
        GenerationJob job = it.next();
        if (job == first || job.batchesWith(first)) {
          batch.add(job);
          it.remove();
        }
      }
      return batch;
    }
  }

  private int companions(GenerationJob first) {
    int count = 0;
    for (GenerationJob job : queue) {
      count += job == first || job.batchesWith(first) ? 1 : 0;
    }
    return count;
  }

  private void run(List<GenerationJob> batch) {
    GenerationJob first = batch.get(0);
    int n = first.config().n();
    List<long[]> prompts = batch.stream().map(GenerationJob::prompt).toList();
    TokenListener listener = (row, token) -> batch.get(row / n).listener().onToken(row % n, token);
    long start = System.nanoTime();
    try {
      List<List<Completion>> results =
          first.model().model().complete(prompts, first.config(), listener);
      long tokens = 0;
      for (int i = 0; i < batch.size(); i++) {
        for (Completion c : results.get(i)) {
          tokens += c.completionTokens();
        }
      }
      double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
      batchSizes.record(batch.size());
      generatedTokens.increment(tokens);
      lastTokensPerSecond.set(Math.round(tokens / seconds));
      LOG.debugf(
          "batch of %d on %s: %d tokens in %.0f ms",
          batch.size(), first.model().id(), tokens, seconds * 1000);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(results.get(i));
      }
    } catch (RuntimeException | Error e) {
      LOG.errorf(e, "generation of a batch of %d on %s failed", batch.size(), first.model().id());
      batch.forEach(job -> job.result().completeExceptionally(e));
    }
  }
}
