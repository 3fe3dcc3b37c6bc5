package io.postrain.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.postrain.cli.CliRun;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.generate.Responses;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatCommandTest {

  private static final int MAX_NEW = 10;

  @TempDir Path tmp;

  @Test
  void pipedTurnsKeepTheHistoryAndResetForgetsIt() {
    Path model = tmp.resolve("tiny");
    RandomCheckpoint.write(
        model,
        // vocab = the tokenizer's 261 ids, so every generated id decodes
        ModelConfigBuilder.tiny("qwen3").vocabSize(261).build(),
        new RandomCheckpoint.Options(11, "float32", 0.5, true));
    String first;
    String second;
    String alone;
    try (LanguageModel lm = LanguageModel.load(model)) {
      first = Responses.generateResponses(lm, lm.tokenizer(), "Hello", null, MAX_NEW);
      // The ChatML rendering of the conversation so far, written by hand.
      String withHistory =
          "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n"
              + first
              + "<|im_end|>\n<|im_start|>user\nTell me more<|im_end|>\n<|im_start|>assistant\n";
      GenerationConfig greedy = GenerationConfig.greedy(MAX_NEW, lm.stopTokenIds());
      long[] ids = lm.tokenizer().encode(withHistory);
      second = lm.complete(List.of(ids), greedy).get(0).get(0).text().strip();
      alone = Responses.generateResponses(lm, lm.tokenizer(), "Tell me more", null, MAX_NEW);
    }
    assertThat(second).as("the history must change the answer").isNotEqualTo(alone);

    String input = "Hello\nTell me more\n/reset\nTell me more\n/exit\nnever read\n";
    InputStream stdin = System.in;
    CliRun run;
    try {
      System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
      run = CliRun.of("chat", "--model", model.toString(), "--max-new-tokens", "" + MAX_NEW);
    } finally {
      System.setIn(stdin);
    }
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("> " + first + "\n> " + second + "\n> > " + alone + "\n> \n");
  }

  @Test
  void endOfInputEndsTheChat() {
    Path model = tmp.resolve("tiny");
    RandomCheckpoint.write(model, ModelConfigBuilder.tiny("qwen3").build(), 3, "float32");
    InputStream stdin = System.in;
    CliRun run;
    try {
      System.setIn(new ByteArrayInputStream(new byte[0]));
      run = CliRun.of("chat", "--model", model.toString());
    } finally {
      System.setIn(stdin);
    }
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("> \n");
  }
}
