package io.postrain.cli;

import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks and opens the {@code --model DIR} of a command, with errors that name the flag. */
public final class ModelDirectory {

  private ModelDirectory() {}

  /** The directory, if it exists and holds a config.json. */
  public static Path require(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "--model " + dir + ": no such directory (expected a checkpoint in Hugging Face layout)");
    }
    if (!Files.isRegularFile(dir.resolve("config.json"))) {
      throw new IllegalArgumentException(
          "--model " + dir + ": no config.json (expected a checkpoint in Hugging Face layout)");
    }
    return dir;
  }

  /** Loads the model, with the chat template read from {@code templateFile} when not null. */
  public static LanguageModel load(Path dir, Path templateFile) {
    require(dir);
    return LanguageModel.load(dir, templateFile == null ? null : readTemplate(templateFile));
  }

  /** Loads the tokenizer (and chat template) only. */
  public static Tokenizer tokenizer(Path dir) {
    require(dir);
    return Tokenizer.load(dir);
  }

  private static String readTemplate(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--chat-template " + file + ": no such file");
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("--chat-template " + file + ": cannot read: " + e, e);
    }
  }
}
