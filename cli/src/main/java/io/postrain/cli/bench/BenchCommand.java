package io.postrain.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code postrain bench}: measurements of this machine and the engine (figures, not tests). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure the machine and the engine.",
    subcommands = {
      BenchGenerateCommand.class,
      BenchTrainCommand.class,
      BenchPipelineCommand.class,
      BenchFilterCommand.class
    })
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
