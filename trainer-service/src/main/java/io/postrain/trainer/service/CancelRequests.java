package io.postrain.trainer.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the running trainer polls between micro-batches: cancel requests by job id, and whether the
 * service is shutting down (a shutdown stops the trainer but leaves its job RUNNING, so the next
 * start resumes it from its newest checkpoint).
 */
@ApplicationScoped
public class CancelRequests {

  private final Set<String> jobs = ConcurrentHashMap.newKeySet();
  private volatile boolean shuttingDown;

  /** Asks the trainer of {@code jobId} to stop. */
  public void request(String jobId) {
    jobs.add(jobId);
  }

  /** Whether the trainer of {@code jobId} should stop (cancel or shutdown). */
  public boolean shouldStop(String jobId) {
    return shuttingDown || jobs.contains(jobId);
  }

  /** Whether the service is shutting down. */
  public boolean shuttingDown() {
    return shuttingDown;
  }

  /** The service is shutting down: every trainer should stop. */
  public void shutdown() {
    shuttingDown = true;
  }

  /** Forgets the request of a job that has ended. */
  public void clear(String jobId) {
    jobs.remove(jobId);
  }
}
