package io.postrain.cli.command;

import io.postrain.cli.ModelDirectory;
import io.postrain.lm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code postrain tokenize}: the token ids of a text as a JSON array (no special tokens added). */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = "Print the token ids of a text as a JSON array.")
public final class TokenizeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Checkpoint directory (HF layout).")
  Path model;

  @Option(names = "--text", required = true, description = "The text to encode.")
  String text;

  @Override
  public Integer call() {
    try (Tokenizer tokenizer = ModelDirectory.tokenizer(model)) {
      long[] ids = tokenizer.encode(text);
      String json =
          Arrays.stream(ids).mapToObj(Long::toString).collect(Collectors.joining(",", "[", "]"));
      spec.commandLine().getOut().println(json);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
