package io.postrain.cli.demo;

import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.generate.Completion;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.template.ChatMessage;
import io.postrain.scenario.Answerer;
import java.util.ArrayList;
import java.util.List;

/** Answers with the in-process engine: greedy, batched, one user turn per question. */
public final class LocalAnswerer implements Answerer {

  /** New tokens allowed per answer (the scenario's answers are under 120 bytes). */
  public static final int MAX_NEW_TOKENS = 160;

  private final LanguageModel model;
  private final GenerationConfig config;

  /**
   * @param model the loaded model; the caller closes it
   */
  public LocalAnswerer(LanguageModel model) {
    this.model = model;
    this.config = GenerationConfig.greedy(MAX_NEW_TOKENS, model.stopTokenIds());
  }

  @Override
  public List<String> answer(List<String> userMessages) {
    List<List<ChatMessage>> conversations = new ArrayList<>();
    for (String message : userMessages) {
      conversations.add(List.of(ChatMessage.user(message)));
    }
    List<String> answers = new ArrayList<>();
    for (List<Completion> completions : model.generate(conversations, config, false)) {
      answers.add(completions.get(0).text());
    }
    return answers;
  }
}
