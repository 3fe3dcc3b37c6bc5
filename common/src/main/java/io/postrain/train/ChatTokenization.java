package io.postrain.train;

import io.postrain.data.PreferenceExample;
import io.postrain.data.SftExample;
import io.postrain.lm.template.ChatMessage;
import io.postrain.lm.template.ChatTemplate;
import io.postrain.lm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns SFT examples and preference pairs into token ids and loss masks, the way TRL's trainers
 * prepare them.
 *
 * <p><b>Conversations</b>: prompt = the chat template over the prompt turns with {@code
 * add_generation_prompt=true}, {@code enable_thinking=false}; full = the template over prompt +
 * completion turns ({@code enable_thinking=false}). The prompt ids must be a prefix of the full ids
 * (otherwise an {@link IllegalArgumentException} shows both renderings); the completion is the
 * rest, so the end-of-turn token ({@code <|im_end|>}) is a trained label and the model learns to
 * stop. An empty prompt list means the whole conversation is the completion.
 *
 * <p><b>Plain text</b>: the prompt and the completion are encoded separately (no template) and
 * concatenated, with the eos token appended to the completion.
 *
 * <p><b>Truncation</b>: a sequence longer than {@code maxLength} keeps its first {@code maxLength}
 * tokens; for DPO the prompt first keeps its last {@code maxPromptLength} tokens and each answer
 * its first {@code maxCompletionLength}. An example left without a trained label is dropped ({@code
 * null}).
 */
public final class ChatTokenization {

  private final Tokenizer tokenizer;
  private final ChatTemplate template;

  /** Tokenisation with the tokenizer's own chat template. */
  public ChatTokenization(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
    this.template = tokenizer.chatTemplate();
  }

  /**
   * An SFT example as a sequence, or null when no trained label survives truncation.
   *
   * @param index the example's position in the data set
   */
  public TokenizedSequence sft(SftExample example, SftConfig config, int index) {
    int maxLength = config.training().maxLength();
    if (example instanceof SftExample.PlainText p) {
      long[] prompt = tokenizer.encode(p.prompt());
      long[] completion = withEos(tokenizer.encode(p.completion()));
      boolean promptTrained = !config.completionOnlyLoss();
      return truncated(concat(prompt, completion, promptTrained), maxLength, index);
    }
    SftExample.Conversation c = (SftExample.Conversation) example;
    List<ChatMessage> all = c.messages();
    long[] full = tokenizer.encode(template.render(all, false, false));
    byte[] mask = new byte[full.length];
    int promptLength = c.prompt().isEmpty() ? 0 : promptLength(c.prompt(), all, full);
    boolean promptTrained = c.prompt().isEmpty() || !config.completionOnlyLoss();
    Arrays.fill(mask, promptTrained ? 0 : promptLength, full.length, (byte) 1);
    if (config.assistantOnlyLoss()) {
      keepAssistantTurns(all, full, mask);
    }
    return truncated(new Masked(full, mask), maxLength, index);
  }

  /**
   * A preference pair as two sequences sharing the prompt, or null when either answer loses every
   * trained label to truncation.
   *
   * @param index the pair's position in the data set
   */
  public TokenizedPair dpo(PreferenceExample example, DpoConfig config, int index) {
    long[] prompt;
    long[] chosen;
    long[] rejected;
    if (example instanceof PreferenceExample.PlainText p) {
      prompt = tokenizer.encode(p.prompt());
      chosen = withEos(tokenizer.encode(p.chosen()));
      rejected = withEos(tokenizer.encode(p.rejected()));
    } else {
      PreferenceExample.Conversation c = (PreferenceExample.Conversation) example;
      List<ChatMessage> withChosen = join(c.prompt(), c.chosen());
      List<ChatMessage> withRejected = join(c.prompt(), c.rejected());
      long[] fullChosen = tokenizer.encode(template.render(withChosen, false, false));
      long[] fullRejected = tokenizer.encode(template.render(withRejected, false, false));
      int promptLength =
          c.prompt().isEmpty() ? 0 : promptLength(c.prompt(), withChosen, fullChosen);
      int promptLengthR =
          c.prompt().isEmpty() ? 0 : promptLength(c.prompt(), withRejected, fullRejected);
      prompt = Arrays.copyOf(fullChosen, promptLength);
      chosen = Arrays.copyOfRange(fullChosen, promptLength, fullChosen.length);
      rejected = Arrays.copyOfRange(fullRejected, promptLengthR, fullRejected.length);
    }
    if (prompt.length > config.maxPromptLength()) {
      prompt = Arrays.copyOfRange(prompt, prompt.length - config.maxPromptLength(), prompt.length);
    }
    if (config.maxCompletionLength() != null) {
      chosen = Arrays.copyOf(chosen, Math.min(chosen.length, config.maxCompletionLength()));
      rejected = Arrays.copyOf(rejected, Math.min(rejected.length, config.maxCompletionLength()));
    }
    int maxLength = config.training().maxLength();
    TokenizedSequence c = truncated(concat(prompt, chosen, false), maxLength, index);
    TokenizedSequence r = truncated(concat(prompt, rejected, false), maxLength, index);
    return c == null || r == null ? null : new TokenizedPair(c, r, index);
  }

  /** The number of ids the prompt renders to, checked to be a prefix of {@code full}. */
  private int promptLength(List<ChatMessage> prompt, List<ChatMessage> all, long[] full) {
    String promptText = template.render(prompt, true, false);
    long[] ids = tokenizer.encode(promptText);
    if (!isPrefix(ids, full)) {
      String fullText = template.render(all, false, false);
      throw new IllegalArgumentException(
          "the chat template's prompt rendering is not a token prefix of the full conversation,"
              + " so prompt and completion cannot be separated. Prompt (add_generation_prompt=true):"
              + "\n"
              + promptText
              + "\nFull conversation:\n"
              + fullText);
    }
    return ids.length;
  }

  /** Clears the mask outside assistant turns, located by rendering growing prefixes. */
  private void keepAssistantTurns(List<ChatMessage> all, long[] full, byte[] mask) {
    byte[] assistant = new byte[full.length];
    for (int i = 0; i < all.size(); i++) {
      if (!all.get(i).role().equals("assistant")) {
        continue;
      }
      int start = i == 0 ? 0 : promptLength(all.subList(0, i), all, full);
      long[] through = tokenizer.encode(template.render(all.subList(0, i + 1), false, false));
      int end = isPrefix(through, full) ? through.length : full.length;
      Arrays.fill(assistant, start, end, (byte) 1);
    }
    for (int i = 0; i < mask.length; i++) {
      mask[i] = (byte) (mask[i] & assistant[i]);
    }
  }

  private long[] withEos(long[] ids) {
    long[] out = Arrays.copyOf(ids, ids.length + 1);
    out[ids.length] = tokenizer.eosTokenId();
    return out;
  }

  private record Masked(long[] ids, byte[] mask) {}

  private static Masked concat(long[] prompt, long[] completion, boolean promptTrained) {
    long[] ids = new long[prompt.length + completion.length];
    System.arraycopy(prompt, 0, ids, 0, prompt.length);
    System.arraycopy(completion, 0, ids, prompt.length, completion.length);
    byte[] mask = new byte[ids.length];
    Arrays.fill(mask, promptTrained ? 0 : prompt.length, ids.length, (byte) 1);
    return new Masked(ids, mask);
  }

  private static TokenizedSequence truncated(Masked m, int maxLength, int index) {
    int length = Math.min(m.ids().length, maxLength);
    if (length == 0) {
      return null;
    }
    TokenizedSequence s =
        new TokenizedSequence(
            Arrays.copyOf(m.ids(), length), Arrays.copyOf(m.mask(), length), index);
    return s.trainedTokens() == 0 ? null : s;
  }

  private static boolean isPrefix(long[] prefix, long[] full) {
    return prefix.length <= full.length
        && Arrays.equals(prefix, 0, prefix.length, full, 0, prefix.length);
  }

  private static List<ChatMessage> join(List<ChatMessage> a, List<ChatMessage> b) {
    return new ArrayList<>(Stream.concat(a.stream(), b.stream()).toList());
  }
}
