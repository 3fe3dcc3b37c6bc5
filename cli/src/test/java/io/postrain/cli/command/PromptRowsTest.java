package io.postrain.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postrain.events.PromptEvent;
import io.postrain.events.SamplingParams;
import io.postrain.lm.template.ChatMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSONL rows of {@code postrain prompts} and its --timeout. */
class PromptRowsTest {

  static final SamplingParams GREEDY = new SamplingParams(8, 0, 1, 0, null, 1);

  @Test
  void everyRowShapeBecomesAPrompt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("p.jsonl");
    Files.writeString(
        file,
        """
        {"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}]}
        {"prompt": "P"}

        {"user": "U2", "system": "S2", "model": "other:v1", "sampling": {"maxNewTokens": 3, "n": 2}}
        """);
    List<PromptEvent> prompts = PromptRows.read(file, "tiny", GREEDY);
    assertThat(prompts).hasSize(3);
    assertThat(prompts.get(0).messages())
        .containsExactly(ChatMessage.system("S"), ChatMessage.user("U"));
    assertThat(prompts.get(0).model()).isEqualTo("tiny");
    assertThat(prompts.get(0).sampling()).isEqualTo(GREEDY);
    assertThat(prompts.get(1).messages()).containsExactly(ChatMessage.user("P"));
    assertThat(prompts.get(2).messages())
        .containsExactly(ChatMessage.system("S2"), ChatMessage.user("U2"));
    assertThat(prompts.get(2).model()).isEqualTo("other:v1");
    assertThat(prompts.get(2).sampling().maxNewTokens()).isEqualTo(3);
    assertThat(prompts.get(2).sampling().n()).isEqualTo(2);
    assertThat(prompts).extracting(PromptEvent::id).doesNotHaveDuplicates();
  }

  @Test
  void badRowsNameTheirLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "{\"prompt\": \"ok\"}\n{\"text\": \"no\"}\n");
    assertThatThrownBy(() -> PromptRows.read(file, "tiny", GREEDY))
        .hasMessageContaining("line 2")
        .hasMessageContaining("expected messages, prompt or user");
    Files.writeString(file, "{\"prompt\": \"ok\"}\n");
    assertThatThrownBy(() -> PromptRows.read(file, null, GREEDY))
        .hasMessageContaining("line 1")
        .hasMessageContaining("--model");
    Files.writeString(file, "{\"prompt\": \"ok\", \"sampling\": {\"topP\": 2}}\n");
    assertThatThrownBy(() -> PromptRows.read(file, "tiny", GREEDY)).hasMessageContaining("topP");
  }

  @Test
  void timeoutsParse() {
    assertThat(PromptsCommand.duration("120s")).isEqualTo(Duration.ofSeconds(120));
    assertThat(PromptsCommand.duration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(PromptsCommand.duration("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> PromptsCommand.duration("soon")).hasMessageContaining("90s");
  }
}
