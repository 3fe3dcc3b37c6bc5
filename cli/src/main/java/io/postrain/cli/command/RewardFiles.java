package io.postrain.cli.command;

import io.postrain.cli.ModelDirectory;
import io.postrain.curate.RewardConfig;
import io.postrain.curate.RewardSet;
import io.postrain.lm.checkpoint.LanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a reward config given on the command line, opening its judge models. */
final class RewardFiles {

  private RewardFiles() {}

  /**
   * @param flag the flag that named the file, for the error message
   * @param judges receives every judge model opened; the caller closes them
   * @throws IllegalArgumentException when the file is missing or the config is invalid
   */
  static RewardSet read(String flag, Path file, List<LanguageModel> judges) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(flag + " " + file + ": no such file");
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
