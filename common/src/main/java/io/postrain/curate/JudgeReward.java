package io.postrain.curate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.template.ChatMessage;
import java.util.List;

/**
 * {@code {"type": "judge", "model": DIR, "template": "...{prompt}...{completion}...", "yes": "Yes",
 * "no": "No"}}: the judge model's probability of the "yes" verdict, read from its logits, no text
 * parsing.
 *
 * <p>The template, with {@code {prompt}} (the last user turn) and {@code {completion}} filled in,
 * is one user turn rendered with the judge's chat template and a generation prompt ({@code
 * enable_thinking} false, so Qwen3 opens its answer directly). One forward pass gives the logits of
 * the next token; with {@code y} and {@code n} those of the first token of the yes and no words:
 *
 * <pre>score = exp(y) / (exp(y) + exp(n)) = sigmoid(y - n), in (0, 1)</pre>
 */
public final class JudgeReward implements Reward {

  private final LanguageModel judge;
  private final String template;
  private final long yesId;
  private final long noId;

  /**
   * @throws IllegalArgumentException when the template lacks {@code {completion}} or yes and no
   *     start with the same token
   */
  public JudgeReward(LanguageModel judge, String template, String yes, String no) {
    if (!template.contains("{completion}")) {
      throw new IllegalArgumentException(
          "template must contain {completion} (and usually {prompt}), got: " + template);
    }
    this.judge = judge;
    this.template = template;
    this.yesId = firstToken(judge, "yes", yes);
    this.noId = firstToken(judge, "no", no);
    if (yesId == noId) {
      throw new IllegalArgumentException(
          "yes '" + yes + "' and no '" + no + "' start with the same token " + yesId);
    }
  }

  private static long firstToken(LanguageModel judge, String field, String word) {
    if (word == null || word.isEmpty()) {
      throw new IllegalArgumentException(field + " must be a non-empty word, e.g. \"Yes\"");
    }
    return judge.tokenizer().encode(word)[0];
  }

  /** The judge prompt for a sample, before the chat template. */
  public String judgePrompt(Sample sample) {
    return template
        .replace("{prompt}", sample.promptText())
        .replace("{completion}", sample.completion());
  }

  @Override
  public double score(Sample sample) {
    long[] ids = judge.encodePrompt(List.of(ChatMessage.user(judgePrompt(sample))), false);
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDManager scope = judge.manager().newSubManager()) {
      NDArray input = scope.create(ids, new Shape(1, ids.length)); // (1, T)
      NDArray logits = judge.decoder().forward(input, null, null); // (1, T, V)
      float[] last = logits.get(0, ids.length - 1).toFloatArray(); // (V)
      return 1 / (1 + Math.exp((double) last[(int) noId] - last[(int) yesId]));
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }
}
