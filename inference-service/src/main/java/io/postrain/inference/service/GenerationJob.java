package io.postrain.inference.service;

import io.postrain.lm.generate.Completion;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.generate.TokenListener;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One prompt waiting for the generation worker.
 *
 * @param model the version to run, acquired by the submitter
 * @param prompt the encoded prompt
 * @param config how to generate (n candidates)
 * @param listener told of each token; its row is the candidate index (0..n-1)
 * @param result completed with the n completions, or exceptionally
 * @param enqueuedNanos {@link System#nanoTime()} at submission
 */
public record GenerationJob(
    LoadedModel model,
    long[] prompt,
    GenerationConfig config,
    TokenListener listener,
    CompletableFuture<List<Completion>> result,
    long enqueuedNanos) {

  /** Whether two jobs may run in one padded batch: same model version and generation config. */
  boolean batchesWith(GenerationJob other) {
    return model == other.model && config.equals(other.config);
  }
}
