package io.postrain.cli.command;

import io.postrain.cli.ModelDirectory;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.generate.Completion;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.generate.Responses;
import io.postrain.lm.template.ChatMessage;
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
 * {@code postrain generate}: one answer to one user message, printed on stdout. Greedy (the
 * default) is exactly {@link Responses#generateResponses}; a temperature above 0 samples.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Answer one user message with a model (greedy unless --temperature > 0).")
public final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Checkpoint directory (HF layout).")
  Path model;

  @Option(names = "--user", required = true, description = "The user message.")
  String user;

  @Option(names = "--system", description = "The system prompt (default: none).")
  String system;

  @Option(names = "--chat-template", description = "A Jinja2 file used instead of the model's.")
  Path chatTemplate;

  @Mixin SamplingOptions sampling;

  @Override
  public Integer call() {
    try (LanguageModel lm = ModelDirectory.load(model, chatTemplate)) {
      GenerationConfig config = sampling.config(lm);
      String answer;
      if (sampling.greedy()) {
        answer =
            Responses.generateResponses(lm, lm.tokenizer(), user, system, sampling.maxNewTokens);
      } else {
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null && !system.isBlank()) {
          messages.add(ChatMessage.system(system));
        }
        messages.add(ChatMessage.user(user));
        Completion c = lm.generate(List.of(messages), config, false).get(0).get(0);
        answer = c.text().strip();
      }
      spec.commandLine().getOut().println(answer);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
