package io.postrain.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./postrain}: one subcommand per capability. */
@Command(
    name = "postrain",
    mixinStandardHelpOptions = true,
    description = "Post-training of language models on the JVM.",
    subcommands = {})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    commandLine().usage(System.out);
  }
}
