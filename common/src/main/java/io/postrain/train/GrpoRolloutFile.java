package io.postrain.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The generation batch in use, saved into a checkpoint as {@code grpo_rollouts.json} when {@code
 * numIterations > 1}: a run resumed in the middle of a batch's iterations trains on the very
 * completions, advantages and sampling-time log-probs of the uninterrupted run (they cannot be
 * sampled again: the policy that sampled them is gone).
 */
final class GrpoRolloutFile {

  /** The file name inside a checkpoint. */
  static final String FILE = "grpo_rollouts.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The batch of generation {@code generation}. */
  record Saved(int generation, List<GrpoRollout> rollouts) {}

  record Row(
      long[] inputIds,
      byte[] lossMask,
      int index,
      double advantage,
      float[] oldLogps,
      float[] refLogps,
      int completionLength,
      boolean truncated) {}

  record Body(int generation, List<Row> rollouts) {}

  private GrpoRolloutFile() {}

  static void write(Path dir, int generation, List<GrpoRollout> rollouts) {
    List<Row> rows =
        rollouts.stream()
            .map(
                r ->
                    new Row(
                        r.sequence().inputIds(),
                        r.sequence().lossMask(),
                        r.sequence().index(),
                        r.advantage(),
                        r.oldLogps(),
                        r.refLogps(),
                        r.completionLength(),
                        r.truncated()))
            .toList();
    try {
      JSON.writeValue(dir.resolve(FILE).toFile(), new Body(generation, rows));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
    }
  }

  /** The saved batch, or null when the checkpoint holds none. */
  static Saved read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      Body body = JSON.readValue(file.toFile(), Body.class);
      List<GrpoRollout> rollouts =
          body.rollouts().stream()
              .map(
                  r ->
                      new GrpoRollout(
                          new TokenizedSequence(r.inputIds(), r.lossMask(), r.index()),
                          r.advantage(),
                          r.oldLogps(),
                          r.refLogps(),
                          r.completionLength(),
                          r.truncated()))
              .toList();
      return new Saved(body.generation(), rollouts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
