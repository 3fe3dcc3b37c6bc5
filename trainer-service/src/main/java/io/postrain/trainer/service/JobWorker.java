package io.postrain.trainer.service;

import io.postrain.events.InvalidEventException;
import io.postrain.service.ApiException;
import io.postrain.service.RequestNames;
import io.postrain.service.outbox.OutboxQueued;
import io.postrain.train.JobSettings;
import io.postrain.trainer.config.TrainerConfig;
import io.postrain.trainer.repository.JobEntity;
import io.postrain.trainer.repository.JobState;
import io.postrain.trainer.repository.RowKind;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The single training thread: takes the oldest job whose datasets are complete (its dataset and, if
 * it names one, its regularisation dataset) and runs it, one at a time (DJL's gradient collector is
 * global per JVM, and autograd mode is per thread, so every training runs on this one thread). Jobs
 * with an incomplete dataset wait (WAITING_FOR_DATA) and fail once {@code
 * postrain.trainer.jobs.data-timeout} has passed since they were accepted. Woken by new rows and
 * jobs, and every {@code poll-interval} otherwise.
 *
 * <p>At startup, jobs a stopped service left RUNNING are re-queued to resume from their newest
 * checkpoint.
 */
@ApplicationScoped
public class JobWorker {

  private static final Logger LOG = Logger.getLogger(JobWorker.class);

  private final Semaphore wakeups = new Semaphore(0);
  private ExecutorService thread;

  @Inject TrainerConfig config;

  @Inject JobTransitions transitions;

  @Inject JobExecution execution;

  @Inject DatasetLint lint;

  @Inject DatasetService datasets;

  @Inject ModelStore models;

  @Inject JobEvents events;

  @Inject CancelRequests cancels;

  @Inject Event<OutboxQueued> outboxQueued;

  @Inject TrainerMetrics metrics;

  void onStart(@Observes StartupEvent event) {
    recover();
    thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "postrain-trainer");
              t.setDaemon(true);
              return t;
            });
    thread.submit(this::loop);
  }

  void onShutdown(@Observes ShutdownEvent event) {
    cancels.shutdown();
    wake();
    thread.shutdown();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("the training thread did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Re-queues jobs left RUNNING (by a stopped service) with resume, and wakes the worker. */
  public int recover() {
    int n = transitions.recoverRunning();
    if (n > 0) {
      LOG.infof("re-queued %d interrupted job(s) to resume from their checkpoints", n);
    }
    wake();
    return n;
  }

  /** Makes the worker look at the queue now. */
  public void wake() {
    wakeups.release();
  }

  private void loop() {
    Duration poll = config.jobs().pollInterval();
    while (!cancels.shuttingDown()) {
      try {
        if (!runNext()) {
          metrics.refresh();
          wakeups.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
          wakeups.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("job worker: looking at the queue failed; retrying", e);
        sleepQuietly(poll);
      }
    }
  }

  /** Runs the oldest runnable job, updating the waiting ones; false when none could run. */
  private boolean runNext() {
    for (JobEntity job : transitions.pending()) {
      if (cancels.shuttingDown()) {
        return false;
      }
      if (job.state == JobState.QUEUED && !check(job)) {
        continue;
      }
      List<String> missing = missingRows(job);
      if (missing.isEmpty()) {
        Optional<String> refused = lint(job);
        if (refused.isPresent()) {
          fail(job.id, refused.get());
          continue;
        }
        execution.run(job.id);
        return true;
      }
      Duration waited = Duration.between(job.createdAt, Instant.now());
      if (waited.compareTo(config.jobs().dataTimeout()) > 0) {
        fail(
            job.id,
            String.join(" and ", missing)
                + " after waiting "
                + config.jobs().dataTimeout()
                + " (postrain.trainer.jobs.data-timeout)");
      } else if (job.state == JobState.QUEUED) {
        transitions.waiting(job.id);
      }
    }
    return false;
  }

  /**
   * What the job still waits for, e.g. {@code dataset 'd' holds 1 of the 3 expected sft rows};
   * empty when its dataset and its regularisation dataset (if any) are complete.
   */
  private List<String> missingRows(JobEntity job) {
    List<String> missing = new ArrayList<>();
    long rows = datasets.count(job.datasetId, RowKind.forMethod(job.method));
    if (rows < job.expectedExamples) {
      missing.add(shortfall("dataset", job.datasetId, rows, job.expectedExamples, job.method));
    }
    if (job.regularizationDatasetId != null) {
      long regularization = datasets.count(job.regularizationDatasetId, RowKind.SFT);
      if (regularization < job.regularizationExamples) {
        missing.add(
            shortfall(
                "regularization dataset",
                job.regularizationDatasetId,
                regularization,
                job.regularizationExamples,
                "sft"));
      }
    }
    return missing;
  }

  private static String shortfall(
      String what, String datasetId, long rows, int expected, String kind) {
    return what
        + " '"
        + datasetId
        + "' holds "
        + rows
        + " of the "
        + expected
        + " expected "
        + kind
        + " rows";
  }

  /**
   * Checks a new job's settings, base and reference models and output name; fails it with the
   * reason when they are wrong.
   */
  private boolean check(JobEntity job) {
    try {
      JobSettings settings = JobSettings.parse(job.method, job.config, job.lora);
      settings.checkRegularization(job.regularizationDatasetId);
      models.require("baseModel", "base model", job.baseModel);
      models.withReferenceModel(settings.dpo());
      RequestNames.name("outputModel", job.outputModel);
      settings.checkSteps(job.expectedExamples, config.jobs().maxSteps());
    } catch (ApiException | InvalidEventException e) {
      fail(job.id, e.getMessage());
      return false;
    }
    return true;
  }

  /** Lints the job's complete dataset ({@link DatasetLint}); why it must not train, or empty. */
  private Optional<String> lint(JobEntity job) {
    try {
      return lint.check(job, JobSettings.parse(job.method, job.config, job.lora));
    } catch (ApiException | InvalidEventException e) {
      return Optional.of(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warnf(e, "job %s: the dataset linter failed", job.id);
      return Optional.of("the dataset linter could not read dataset '" + job.datasetId + "': " + e);
    }
  }

  private void fail(String id, String reason) {
    JobEntity ended = transitions.end(id, JobState.FAILED, reason);
    outboxQueued.fire(new OutboxQueued());
    LOG.infof("job %s: FAILED: %s", id, reason);
    events.finish(JobViews.finalEvent(ended));
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
