package io.postrain.lm.generate;

import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.template.ChatMessage;
import io.postrain.lm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The reference call of the project: one greedy answer to one user message. */
public final class Responses {

  private Responses() {}

  /**
   * Answers {@code userMessage} as the model's own chat template frames it: an optional system
   * turn, the user turn, a generation prompt, thinking disabled; greedy decoding, pad = eos;
   * decoded without special tokens and trimmed.
   *
   * @param tokenizer the tokenizer (and with it the chat template) to use, usually {@code
   *     model.tokenizer()}
   * @param systemMessage the system prompt, or null / blank for none
   */
  public static String generateResponses(
      LanguageModel model,
      Tokenizer tokenizer,
      String userMessage,
      String systemMessage,
      int maxNewTokens) {
    List<ChatMessage> messages = new ArrayList<>();
    if (systemMessage != null && !systemMessage.isBlank()) {
      messages.add(ChatMessage.system(systemMessage));
    }
    messages.add(ChatMessage.user(userMessage));
    String prompt = tokenizer.chatTemplate().render(messages, true, false);
    Set<Integer> stops = new LinkedHashSet<>(model.stopTokenIds());
    stops.addAll(LanguageModel.stopTokenIds(model.config(), tokenizer));
    GenerationConfig greedy = GenerationConfig.greedy(maxNewTokens, List.copyOf(stops));
    Completion answer = model.complete(List.of(tokenizer.encode(prompt)), greedy).get(0).get(0);
    return tokenizer.decode(answer.tokenIds(), true).strip();
  }
}
