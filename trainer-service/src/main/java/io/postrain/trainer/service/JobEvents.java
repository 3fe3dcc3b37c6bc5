package io.postrain.trainer.service;

import io.postrain.trainer.api.JobEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fans a running job's progress out to its server-sent-event subscribers. Emitting and subscribing
 * share one lock, so a subscriber either sees the final state event or registers before it is sent:
 * no stream is left open after its job finished.
 */
@ApplicationScoped
public class JobEvents {

  private final Map<String, List<MultiEmitter<? super JobEvent>>> subscribers = new HashMap<>();
  private final Map<String, JobEvent> finals = new HashMap<>();

  /**
   * The events of a job from now on, ending with its final state event.
   *
   * @param jobId a job that had not finished when the caller looked
   */
  public Multi<JobEvent> stream(String jobId) {
    return Multi.createFrom()
        .emitter(
            emitter -> {
              synchronized (this) {
                JobEvent last = finals.get(jobId);
                if (last != null) {
                  emitter.emit(last);
                  emitter.complete();
                  return;
                }
                subscribers.computeIfAbsent(jobId, k -> new ArrayList<>()).add(emitter);
                emitter.onTermination(() -> remove(jobId, emitter));
              }
            });
  }

  /** Sends a progress event to the job's subscribers. */
  public synchronized void progress(JobEvent event) {
    for (MultiEmitter<? super JobEvent> emitter :
        subscribers.getOrDefault(event.jobId(), List.of())) {
      emitter.emit(event);
    }
  }

  /** Sends the final state event and ends the job's streams. */
  public synchronized void finish(JobEvent event) {
    finals.put(event.jobId(), event);
    List<MultiEmitter<? super JobEvent>> list = subscribers.remove(event.jobId());
    if (list != null) {
      for (MultiEmitter<? super JobEvent> emitter : List.copyOf(list)) {
        emitter.emit(event);
        emitter.complete();
      }
    }
  }

  private synchronized void remove(String jobId, MultiEmitter<? super JobEvent> emitter) {
    List<MultiEmitter<? super JobEvent>> list = subscribers.get(jobId);
    if (list != null) {
      list.remove(emitter);
      if (list.isEmpty()) {
        subscribers.remove(jobId);
      }
    }
  }
}
