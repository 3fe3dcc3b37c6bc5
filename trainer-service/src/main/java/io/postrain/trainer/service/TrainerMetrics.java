package io.postrain.trainer.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.postrain.trainer.repository.JobEntity;
import io.postrain.trainer.repository.JobState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Micrometer meters: {@code postrain.trainer.jobs{state}} (jobs by state, refreshed from the
 * database after each change), {@code postrain.trainer.tokens.per.second} (of the last logged step
 * of the running job, 0 when idle) and {@code postrain.trainer.steps} (optimizer steps trained).
 */
@ApplicationScoped
public class TrainerMetrics {

  private final Map<JobState, AtomicLong> byState = new EnumMap<>(JobState.class);
  private final AtomicReference<Double> tokensPerSecond = new AtomicReference<>(0.0);
  private Counter steps;

  @Inject MeterRegistry registry;

  @jakarta.annotation.PostConstruct
  void register() {
    for (JobState state : JobState.values()) {
      AtomicLong value = new AtomicLong();
      byState.put(state, value);
      Gauge.builder("postrain.trainer.jobs", value, AtomicLong::get)
          .description("training jobs by state")
          .tag("state", state.name())
          .register(registry);
    }
    Gauge.builder("postrain.trainer.tokens.per.second", tokensPerSecond, AtomicReference::get)
        .description("non-padding tokens per second of the last logged training step")
        .register(registry);
    steps =
        Counter.builder("postrain.trainer.steps")
            .description("optimizer steps trained")
            .register(registry);
  }

  /** Recounts jobs by state. */
  public void refresh() {
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (JobState state : JobState.values()) {
                counts.put(state, JobEntity.count("state", state));
              }
            });
    counts.forEach((state, n) -> byState.get(state).set(n));
  }

  /** Records a logged step: {@code newSteps} more optimizer steps at this speed. */
  public void logged(int newSteps, double tokensPerSecondNow) {
    if (newSteps > 0) {
      steps.increment(newSteps);
    }
    tokensPerSecond.set(tokensPerSecondNow);
  }

  /** The running job ended: no training speed. */
  public void idle() {
    tokensPerSecond.set(0.0);
  }
}
