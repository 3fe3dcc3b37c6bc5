package io.postrain.cli.command;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.postrain.cli.ModelDirectory;
import io.postrain.lm.checkpoint.LanguageModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postrain logits}: the decoder's output for one sequence of token ids, as a JSON array of T
 * arrays of V float32 logits (each written as Java's {@link Float#toString} writes it).
 */
@Command(
    name = "logits",
    mixinStandardHelpOptions = true,
    description = "Print the logits of every position of a token sequence as JSON.")
public final class LogitsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Checkpoint directory (HF layout).")
  Path model;

  @Option(names = "--ids", required = true, description = "Comma-separated token ids, e.g. 1,5,9.")
  String ids;

  @Override
  public Integer call() {
    long[] tokens = parseIds(ids);
    try (LanguageModel lm = ModelDirectory.load(model, null);
        NDManager manager = lm.manager().newSubManager()) {
      int vocab = lm.config().vocabSize();
      for (long id : tokens) {
        if (id < 0 || id >= vocab) {
          throw new IllegalArgumentException(
              "--ids: token id "
                  + id
                  + " is outside the vocabulary: accepted are 0.."
                  + (vocab - 1));
        }
      }
      boolean gradMode = JniUtils.isGradMode();
      JniUtils.setGradMode(false);
      float[] logits; // (T * V)
      try {
        NDArray input = manager.create(tokens, new Shape(1, tokens.length)); // (1, T)
        logits = lm.decoder().forward(input, null, null).toFloatArray(); // (1, T, V)
      } finally {
        JniUtils.setGradMode(gradMode);
      }
      print(spec.commandLine().getOut(), logits, tokens.length, vocab);
    }
    return 0;
  }

  /** The ids of {@code --ids}: comma-separated integers, at least one. */
  static long[] parseIds(String text) {
    String[] parts = text.split(",", -1);
    long[] out = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Long.parseLong(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--ids: '" + parts[i] + "' is not an integer; expected comma-separated ids like 1,5,9");
      }
    }
    return out;
  }

  private static void print(PrintWriter out, float[] logits, int t, int v) {
    StringBuilder json = new StringBuilder(logits.length * 12);
    json.append('[');
    for (int i = 0; i < t; i++) {
      json.append(i == 0 ? "[" : ",[");
      for (int j = 0; j < v; j++) {
        if (j > 0) {
          json.append(',');
        }
        json.append(logits[i * v + j]);
      }
      json.append(']');
    }
    json.append(']');
    out.println(json);
    out.flush();
  }
}
