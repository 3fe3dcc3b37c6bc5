package io.postrain.cli;

import io.postrain.curate.RewardConfig;
import io.postrain.curate.RewardSet;
import io.postrain.lm.LanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the {@code --reward} config of a command, opening its judge models. */
final class RewardFile {

  private RewardFile() {}

  /**
   * @param judges receives every judge model opened; the caller closes them
   */
  static RewardSet read(Path file, List<LanguageModel> judges) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--reward " + file + ": no such file");
    }
    return RewardConfig.read(
        file,
        dir -> {
          LanguageModel judge = ModelDirectory.load(dir, null);
          judges.add(judge);
          return judge;
        });
  }
}
