package io.postrain.data;

import io.postrain.lm.template.ChatMessage;
import java.util.List;

/**
 * One preference pair for DPO, normalised from an explicit- or implicit-prompt layout (see {@link
 * DataFormat}).
 */
public sealed interface PreferenceExample
    permits PreferenceExample.Conversation, PreferenceExample.PlainText {

  /**
   * A conversational pair, rendered with the chat template.
   *
   * @param prompt the shared turns before the answers (may be empty)
   * @param chosen the preferred continuation, non-empty
   * @param rejected the dispreferred continuation, non-empty
   */
  record Conversation(
      List<ChatMessage> prompt, List<ChatMessage> chosen, List<ChatMessage> rejected)
      implements PreferenceExample {
    public Conversation {
      if (prompt == null
          || chosen == null
          || rejected == null
          || chosen.isEmpty()
          || rejected.isEmpty()) {
        throw new IllegalArgumentException(
            "a conversational preference pair needs a prompt list (may be empty) and non-empty"
                + " chosen and rejected lists");
      }
      prompt = List.copyOf(prompt);
      chosen = List.copyOf(chosen);
      rejected = List.copyOf(rejected);
    }
  }

  /**
   * A plain-text pair, tokenized as it stands.
   *
   * @param prompt the shared text before the answers (may be empty)
   * @param chosen the preferred continuation, non-empty
   * @param rejected the dispreferred continuation, non-empty
   */
  record PlainText(String prompt, String chosen, String rejected) implements PreferenceExample {
    public PlainText {
      if (prompt == null
          || chosen == null
          || rejected == null
          || chosen.isEmpty()
          || rejected.isEmpty()) {
        throw new IllegalArgumentException(
            "a plain-text preference pair needs a prompt string (may be empty) and non-empty"
                + " chosen and rejected strings");
      }
    }
  }
}
