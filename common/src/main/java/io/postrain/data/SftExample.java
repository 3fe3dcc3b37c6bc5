package io.postrain.data;

import io.postrain.lm.template.ChatMessage;
import java.util.List;
import java.util.stream.Stream;

/**
 * One supervised example, normalised from any accepted JSONL layout (see {@link DataFormat}).
 *
 * <p>{@link Conversation} is rendered with the chat template; {@link PlainText} is tokenized as it
 * stands (TRL's standard, non-conversational format). In both, {@code prompt} is the part that
 * {@code completionOnlyLoss} excludes from the loss; an empty prompt means the whole example is
 * trained on (TRL's language-modelling formats {@code messages} and {@code text}).
 */
public sealed interface SftExample permits SftExample.Conversation, SftExample.PlainText {

  /**
   * A conversational example.
   *
   * @param prompt the turns before the completion; empty for the {@code messages} layout
   * @param completion the turns trained on; never empty
   */
  record Conversation(List<ChatMessage> prompt, List<ChatMessage> completion)
      implements SftExample {
    public Conversation {
      if (prompt == null || completion == null || completion.isEmpty()) {
        throw new IllegalArgumentException(
            "a conversational example needs a prompt list (may be empty) and a non-empty"
                + " completion list");
      }
      prompt = List.copyOf(prompt);
      completion = List.copyOf(completion);
    }

    /** Prompt followed by completion. */
    public List<ChatMessage> messages() {
      return Stream.concat(prompt.stream(), completion.stream()).toList();
    }
  }

  /**
   * A plain-text example.
   *
   * @param prompt text before the completion; empty for the {@code text} layout
   * @param completion the text trained on; never empty
   */
  record PlainText(String prompt, String completion) implements SftExample {
    public PlainText {
      if (prompt == null || completion == null || completion.isEmpty()) {
        throw new IllegalArgumentException(
            "a plain-text example needs a prompt string (may be empty) and a non-empty completion");
      }
    }
  }
}
