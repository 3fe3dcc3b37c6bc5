package io.postrain.curation.config;

import io.postrain.events.Candidate;
import io.postrain.events.ModelReference;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.PromptEvent;
import io.postrain.events.ResponseEvent;
import io.postrain.events.SamplingParams;
import io.postrain.events.SftExampleEvent;
import io.postrain.events.TrainingJobEvent;
import io.postrain.events.TrainingOutcomeEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Kafka records curation-service reads and writes through {@code io.postrain.events.Events}'
 * own ObjectMapper, which Quarkus cannot see: a native image (profile native) must keep their
 * constructors and accessors for Jackson. On the JVM this annotation changes nothing.
 */
@RegisterForReflection(
    targets = {
      PromptEvent.class,
      ResponseEvent.class,
      PreferencePairEvent.class,
      SftExampleEvent.class,
      TrainingJobEvent.class,
      TrainingOutcomeEvent.class,
      Candidate.class,
      ModelReference.class,
      SamplingParams.class
    })
final class NativeReflection {

  private NativeReflection() {}
}
