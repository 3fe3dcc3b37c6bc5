package io.postrain.scenario;

import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.generate.Completion;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.template.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers with the in-process engine: greedy, at most {@link HeldOutEval#MAX_NEW_TOKENS} new
 * tokens, batched, one user turn per question.
 */
public final class LocalAnswerer implements Answerer {

  private final LanguageModel model;
  private final GenerationConfig config;

  /**
   * @param model the loaded model; the caller closes it
   */
  public LocalAnswerer(LanguageModel model) {
    this.model = model;
    this.config = GenerationConfig.greedy(HeldOutEval.MAX_NEW_TOKENS, model.stopTokenIds());
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
