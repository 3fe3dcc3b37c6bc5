package io.postrain.train;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Start-of-run decisions shared by the trainers. */
final class TrainerRuns {

  private static final Logger LOG = LoggerFactory.getLogger(TrainerRuns.class);

  private TrainerRuns() {}

  /**
   * The checkpoint a run continues from: with {@code resume} the newest complete one (null and a
   * fresh start when there is none); without, null after removing earlier checkpoints so a later
   * resume cannot pick one of another run.
   */
  static Path checkpointToResume(Path outputDir, boolean resume) {
    if (!resume) {
      TrainerCheckpoints.clear(outputDir);
      return null;
    }
    Path newest = TrainerCheckpoints.newest(outputDir).orElse(null);
    if (newest == null) {
      LOG.info("resume requested but {} holds no complete checkpoint: starting fresh", outputDir);
    }
    return newest;
  }
}
