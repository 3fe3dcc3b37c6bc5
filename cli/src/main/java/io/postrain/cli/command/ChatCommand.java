package io.postrain.cli.command;

import io.postrain.cli.ModelDirectory;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.template.ChatMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code postrain chat}: a multi-turn conversation on stdin/stdout. Each line read after the prompt
 * {@code > } is a user turn; the answer is printed on one line and both join the history, so the
 * next prompt renders the whole conversation. {@code /reset} forgets the history (keeping the
 * system prompt), {@code /exit} or end of input ends the chat. Lines are read with a {@link
 * BufferedReader}, so piped input works as well as a terminal.
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = "Chat with a model on stdin/stdout (/reset forgets, /exit or EOF ends).")
public final class ChatCommand implements Callable<Integer> {

  /** Printed before reading each user line. */
  static final String PROMPT = "> ";

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Checkpoint directory (HF layout).")
  Path model;

  @Option(names = "--system", description = "The system prompt (default: none).")
  String system;

  @Option(names = "--chat-template", description = "A Jinja2 file used instead of the model's.")
  Path chatTemplate;

  @Mixin SamplingOptions sampling;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (LanguageModel lm = ModelDirectory.load(model, chatTemplate)) {
      GenerationConfig config = sampling.config(lm);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      List<ChatMessage> history = fresh();
      while (true) {
        out.print(PROMPT);
        out.flush();
        String line = in.readLine();
        if (line == null || line.strip().equals("/exit")) {
          break;
        }
        if (line.strip().equals("/reset")) {
          history = fresh();
          continue;
        }
        if (line.isBlank()) {
          continue;
        }
        history.add(ChatMessage.user(line));
        String answer = lm.generate(List.of(history), config, false).get(0).get(0).text().strip();
        history.add(ChatMessage.assistant(answer));
        out.println(answer);
        out.flush();
      }
      out.println();
      out.flush();
    }
    return 0;
  }

  private List<ChatMessage> fresh() {
    List<ChatMessage> history = new ArrayList<>();
    if (system != null && !system.isBlank()) {
      history.add(ChatMessage.system(system));
    }
    return history;
  }
}
