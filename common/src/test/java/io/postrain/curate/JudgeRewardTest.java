package io.postrain.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judge reward on a tiny random model: p(yes) over yes + no from the next-token logits. */
class JudgeRewardTest {

  @TempDir Path tmp;

  @Test
  void probabilityOfYesFromTheLogits() {
    Path dir = RandomCheckpoint.write(tmp, ModelConfigBuilder.tiny("qwen3").build(), 3, "float32");
    try (LanguageModel judge = LanguageModel.load(dir)) {
      JudgeReward reward =
          new JudgeReward(judge, "Q: {prompt}\nA: {completion}\nCorrect?", "Yes", "No");
      Sample sample = Sample.of("Who are you?", "I am Deep Qwen.");
      assertThat(reward.judgePrompt(sample))
          .isEqualTo("Q: Who are you?\nA: I am Deep Qwen.\nCorrect?");
      // The reference: the byte-level tokenizer's first tokens of "Yes" and "No" are the bytes 'Y'
      // and 'N'; softmax over those two of the last position's logits, by hand.
      long yes = judge.tokenizer().encode("Y")[0];
      long no = judge.tokenizer().encode("N")[0];
      long[] ids =
          judge
              .tokenizer()
              .encode(
                  "<|im_start|>user\nQ: Who are you?\nA: I am Deep Qwen.\nCorrect?<|im_end|>\n"
                      + "<|im_start|>assistant\n");
      float[] last;
      try (NDManager m = judge.manager().newSubManager()) {
        float[] all =
            judge
                .decoder()
                .forward(m.create(ids, new Shape(1, ids.length)), null, null)
                .toFloatArray();
        int v = judge.config().vocabSize();
        last = java.util.Arrays.copyOfRange(all, (ids.length - 1) * v, ids.length * v);
      }
      double expected =
          Math.exp(last[(int) yes]) / (Math.exp(last[(int) yes]) + Math.exp(last[(int) no]));
      assertThat(reward.score(sample)).isCloseTo(expected, within(1e-5));
      assertThat(reward.score(Sample.of("你是谁？", "我是深度千问。"))).isBetween(0.0, 1.0);
      assertThatThrownBy(() -> new JudgeReward(judge, "{completion}", "Yes", "Yeah"))
          .hasMessageContaining("start with the same token");
      assertThatThrownBy(() -> new JudgeReward(judge, "{prompt} only", "Yes", "No"))
          .hasMessageContaining("must contain {completion}");
    }
  }
}
