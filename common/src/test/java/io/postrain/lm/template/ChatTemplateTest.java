package io.postrain.lm.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postrain.lm.checkpoint.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ChatTemplate behaviour beyond the Jinja2 reference renderings; expected strings by hand. */
public class ChatTemplateTest {

  /** A user template: plain-text roles, assistant turns end with the eos token. */
  public static final String PLAIN_TEMPLATE =
      "{% for m in messages %}"
          + "{% if m.role == 'system' %}System: {{ m.content }}\n"
          + "{% elif m.role == 'user' %}User: {{ m.content }}\n"
          + "{% else %}Assistant: {{ m.content }}{{ eos_token }}\n"
          + "{% endif %}"
          + "{% endfor %}"
          + "{% if add_generation_prompt %}Assistant:{% endif %}";

  private static final List<ChatMessage> CONVERSATION =
      List.of(
          ChatMessage.system("Be brief."),
          ChatMessage.user("hello"),
          ChatMessage.assistant("hi"),
          ChatMessage.user("world"));

  @Test
  void userTemplateRendersPlainRolesAndEndsAssistantTurnsWithEos() {
    ChatTemplate t = ChatTemplate.of(PLAIN_TEMPLATE, Map.of("eos_token", "<|endoftext|>"));

    assertThat(t.render(CONVERSATION, true, false))
        .isEqualTo(
            "System: Be brief.\nUser: hello\nAssistant: hi<|endoftext|>\nUser: world\nAssistant:");
    assertThat(t.render(CONVERSATION, false, false))
        .isEqualTo("System: Be brief.\nUser: hello\nAssistant: hi<|endoftext|>\nUser: world\n");
    assertThat(t.endOfTurnToken()).contains("<|endoftext|>");
  }

  @Test
  void chatmlIsTheDocumentedDefault() {
    ChatTemplate t = ChatTemplate.chatml();

    assertThat(t.render(CONVERSATION.subList(0, 2), true, true))
        .isEqualTo(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nhello<|im_end|>\n"
                + "<|im_start|>assistant\n");
    assertThat(t.endOfTurnToken()).contains("<|im_end|>");
  }

  @Test
  void endOfTurnTokenIsEmptyWhenTheTemplateMarksNoTurnEnd() {
    ChatTemplate t =
        ChatTemplate.of("{% for m in messages %}{{ m.content }}{% endfor %}", Map.of());
    assertThat(t.endOfTurnToken()).isEmpty();
  }

  @Test
  void raiseExceptionBecomesChatTemplateExceptionWithTheTemplatesMessage() {
    ChatTemplate t =
        ChatTemplate.of(
            "{% if messages[0].role != 'user' %}{{ raise_exception('first turn must be user') }}"
                + "{% endif %}ok",
            Map.of());
    assertThatThrownBy(() -> t.render(List.of(ChatMessage.system("x")), false, false))
        .isInstanceOf(ChatTemplateException.class)
        .hasMessage("first turn must be user");
    assertThat(t.render(List.of(ChatMessage.user("x")), false, false)).isEqualTo("ok");
  }

  @Test
  void syntaxErrorsAreChatTemplateExceptions() {
    ChatTemplate unclosedBlock =
        ChatTemplate.of("{% for m in messages %}{{ m.content }}", Map.of());
    assertThatThrownBy(() -> unclosedBlock.render(CONVERSATION, false, false))
        .isInstanceOf(ChatTemplateException.class)
        .hasMessageContaining("chat template error");
    assertThatThrownBy(() -> ChatTemplate.of("{{ messages[0] ", Map.of()))
        .isInstanceOf(ChatTemplateException.class)
        .hasMessageContaining("never closed");
  }

  @Test
  void extraContextCannotRedefineTheStandardVariables() {
    ChatTemplate t = ChatTemplate.chatml();
    assertThatThrownBy(() -> t.render(List.of(), null, true, Map.of("messages", List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("messages");
  }

  @Test
  void extraKwargsAndStrftimeNowReachTheTemplate() {
    ChatTemplate t =
        ChatTemplate.of(
            "{{ custom_flag }} {{ strftime_now('%Y') }} {{ bos_token }}",
            Map.of("bos_token", "<s>"));
    assertThat(t.render(List.of(), null, false, Map.of("custom_flag", "on")))
        .isEqualTo("on " + LocalDate.now().getYear() + " <s>");
  }

  @Test
  void fromCheckpointPrefersChatTemplateJinja(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("tokenizer_config.json"),
        "{\"chat_template\": \"from config\", \"eos_token\": {\"content\": \"</s>\"},"
            + " \"bos_token\": \"<s>\"}");
    Files.writeString(dir.resolve("chat_template.jinja"), "{{ bos_token }}file{{ eos_token }}\n");

    ChatTemplate t = ChatTemplate.fromCheckpoint(dir);

    assertThat(t.render(List.of(), false, false)).isEqualTo("<s>file</s>");
    assertThat(t.endOfTurnToken()).contains("</s>");
  }

  @Test
  void fromCheckpointReadsAStringOrTheDefaultOfANamedList(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("tokenizer_config.json"),
        "{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"tools\"},"
            + " {\"name\": \"default\", \"template\": \"default {{ eos_token }}\"}],"
            + " \"eos_token\": \"<|endoftext|>\"}");
    assertThat(ChatTemplate.fromCheckpoint(dir).render(List.of(), false, false))
        .isEqualTo("default <|endoftext|>");

    Files.writeString(
        dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"plain {{ 1 + 1 }}\"}");
    assertThat(ChatTemplate.fromCheckpoint(dir).render(List.of(), false, false))
        .isEqualTo("plain 2");
  }

  @Test
  void fromCheckpointFallsBackToChatml(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|endoftext|>\"}");
    ChatTemplate t = ChatTemplate.fromCheckpoint(dir);
    assertThat(t.render(List.of(ChatMessage.user("hello")), true, false))
        .isEqualTo("<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n");
    assertThat(t.specialTokens()).containsEntry("eos_token", "<|endoftext|>");
  }

  @Test
  void fromCheckpointRejectsAChatTemplateOfAnotherShape(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": 42}");
    assertThatThrownBy(() -> ChatTemplate.fromCheckpoint(dir))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("chat_template must be a string or a list");
  }

  @Test
  void qwen3TemplateFromTheCheckpointEndsTurnsWithImEnd() {
    String dir = System.getenv("POSTRAIN_QWEN3_TOKENIZER");
    assumeTrue(
        dir != null, "POSTRAIN_QWEN3_TOKENIZER is not set; skipping the real Qwen3 template");
    ChatTemplate t = ChatTemplate.fromCheckpoint(Path.of(dir));

    assertThat(t.endOfTurnToken()).contains("<|im_end|>");
    assertThat(t.render(List.of(ChatMessage.user("Hi")), true, false))
        .isEqualTo(
            "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n");
  }
}
