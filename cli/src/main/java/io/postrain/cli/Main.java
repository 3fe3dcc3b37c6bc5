package io.postrain.cli;

import io.postrain.cli.bench.BenchCommand;
import io.postrain.cli.command.ChatCommand;
import io.postrain.cli.command.CurateCommand;
import io.postrain.cli.command.DpoCommand;
import io.postrain.cli.command.GenerateCommand;
import io.postrain.cli.command.GrpoCommand;
import io.postrain.cli.command.InitModelCommand;
import io.postrain.cli.command.LintCommand;
import io.postrain.cli.command.LogitsCommand;
import io.postrain.cli.command.PromptsCommand;
import io.postrain.cli.command.RewardCommand;
import io.postrain.cli.command.SftCommand;
import io.postrain.cli.command.TemplateCommand;
import io.postrain.cli.command.TokenizeCommand;
import io.postrain.cli.demo.BuildBaseModelCommand;
import io.postrain.cli.demo.DemoCommand;
import io.postrain.cli.demo.EvalCommand;
import io.postrain.cli.demo.RecipeCommand;
import io.postrain.cli.stack.StackCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./postrain}: one subcommand per capability.
 *
 * <p>Output is machine-readable on stdout; an error is one line on stderr and exit code 2.
 */
@Command(
    name = "postrain",
    mixinStandardHelpOptions = true,
    version = "postrain 0.1.0",
    description = "Post-training of language models on the JVM.",
    subcommands = {
      GenerateCommand.class,
      ChatCommand.class,
      TokenizeCommand.class,
      TemplateCommand.class,
      LogitsCommand.class,
      InitModelCommand.class,
      BenchCommand.class,
      StackCommand.class,
      BuildBaseModelCommand.class,
      EvalCommand.class,
      DemoCommand.class,
      RecipeCommand.class,
      SftCommand.class,
      DpoCommand.class,
      GrpoCommand.class,
      PromptsCommand.class,
      LintCommand.class,
      RewardCommand.class,
      CurateCommand.class
    })
public final class Main implements Runnable {

  /** Exit code for bad input and failed commands, with one line on stderr. */
  public static final int EXIT_ERROR = 2;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("postrain: " + ex.getMessage() + " (see --help)");
          return EXIT_ERROR;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("postrain: " + oneLine(ex));
          return EXIT_ERROR;
        });
    return cli;
  }

  /** A user-facing single line for an exception: its message, or its type when it has none. */
  static String oneLine(Throwable ex) {
    Throwable t = ex;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.replace('\n', ' ').strip();
  }

  @Override
  public void run() {
    commandLine().usage(System.out);
  }
}
