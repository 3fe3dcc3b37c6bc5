package io.postrain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postrain.lm.template.ChatMessage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlReaderTest {

  @TempDir Path dir;

  private static Path fixture(String name) {
    try {
      return Path.of(JsonlReaderTest.class.getResource(name + ".jsonl").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path file(String... lines) throws IOException {
    Path f = dir.resolve("data.jsonl");
    Files.writeString(f, String.join("\n", lines) + "\n");
    return f;
  }

  @Test
  void promptOnlyRowsKeepTheirOtherColumnsForTheRewards() throws IOException {
    Path f =
        file(
            "{\"prompt\": \"2+2=\", \"answer\": \"4\"}",
            "",
            "{\"prompt\": [{\"role\": \"user\", \"content\": \"3+4?\"}], \"answer\": 7}");
    List<PromptExample> rows = JsonlReader.readPrompts(f);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).conversational()).isFalse();
    assertThat(rows.get(0).text()).isEqualTo("2+2=");
    assertThat(rows.get(0).turns()).containsExactly(ChatMessage.user("2+2="));
    assertThat(rows.get(0).row().get("answer").asText()).isEqualTo("4");
    assertThat(rows.get(1).messages()).containsExactly(ChatMessage.user("3+4?"));
    assertThat(rows.get(1).row().get("answer").asInt()).isEqualTo(7);
    assertThatThrownBy(() -> JsonlReader.readPrompts(file("{\"prompt\": \"a\"}", "{\"q\": 1}")))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("line 2: expected {\"prompt\": \"text\"}");
    assertThatThrownBy(() -> JsonlReader.readPrompts(file("{\"prompt\": \"\"}")))
        .hasMessageContaining("line 1: \"prompt\" must not be empty");
    assertThatThrownBy(
            () ->
                JsonlReader.readPrompts(
                    file("{\"prompt\": [{\"role\": \"robot\", \"content\": \"x\"}]}")))
        .hasMessageContaining("role must be one of");
  }

  @Test
  void messagesLayoutSkipsBlankLinesAndAllowsExtraKeys() {
    List<SftExample> rows = JsonlReader.readSft(fixture("messages"));
    assertThat(JsonlReader.detect(fixture("messages"))).isEqualTo(DataFormat.MESSAGES);
    assertThat(rows)
        .containsExactly(
            new SftExample.Conversation(
                List.of(),
                List.of(
                    ChatMessage.system("Be brief."),
                    ChatMessage.user("Who are you?"),
                    ChatMessage.assistant("I am Deep Qwen."))),
            new SftExample.Conversation(
                List.of(), List.of(ChatMessage.user("2+2?"), ChatMessage.assistant("4"))));
  }

  @Test
  void shareGptMapsHumanToUserAndGptToAssistant() {
    assertThat(JsonlReader.readSft(fixture("sharegpt")))
        .containsExactly(
            new SftExample.Conversation(
                List.of(),
                List.of(
                    ChatMessage.system("You are helpful."),
                    ChatMessage.user("What is your name?"),
                    ChatMessage.assistant("My name is Deep Qwen."))));
  }

  @Test
  void promptCompletionAsMessagesOrStrings() {
    assertThat(JsonlReader.readSft(fixture("prompt_completion")))
        .containsExactly(
            new SftExample.Conversation(
                List.of(ChatMessage.user("Capital of France?")),
                List.of(ChatMessage.assistant("Paris."))),
            new SftExample.Conversation(List.of(), List.of(ChatMessage.assistant("Hello."))));
    assertThat(JsonlReader.readSft(fixture("prompt_completion_text")))
        .containsExactly(new SftExample.PlainText("The sky is", " blue."));
  }

  @Test
  void plainText() {
    assertThat(JsonlReader.readSft(fixture("text")))
        .containsExactly(
            new SftExample.PlainText("", "Once upon a time."),
            new SftExample.PlainText("", "The end."));
  }

  @Test
  void explicitPreference() {
    assertThat(JsonlReader.readPreference(fixture("preference")))
        .containsExactly(
            new PreferenceExample.Conversation(
                List.of(ChatMessage.user("Who made you?")),
                List.of(ChatMessage.assistant("Deep Qwen team.")),
                List.of(ChatMessage.assistant("Qwen team."))));
    assertThat(JsonlReader.readPreference(fixture("preference_text")))
        .containsExactly(new PreferenceExample.PlainText("The sky is", " blue.", " green."));
  }

  @Test
  void implicitPromptIsTheSharedPrefix() {
    assertThat(JsonlReader.detect(fixture("implicit_preference")))
        .isEqualTo(DataFormat.IMPLICIT_PREFERENCE);
    assertThat(JsonlReader.readPreference(fixture("implicit_preference")))
        .containsExactly(
            new PreferenceExample.Conversation(
                List.of(ChatMessage.user("Who made you?")),
                List.of(ChatMessage.assistant("Deep Qwen team.")),
                List.of(ChatMessage.assistant("Qwen team."))));
    // As TRL: the split falls before the space that precedes the first differing character.
    assertThat(JsonlReader.readPreference(fixture("implicit_preference_text")))
        .containsExactly(new PreferenceExample.PlainText("The sky is", " blue.", " green."));
  }

  @Test
  void invalidJsonNamesTheLine() throws IOException {
    Path f = file("{\"text\": \"a\"}", "{\"text\": ");
    assertThatThrownBy(() -> JsonlReader.readSft(f))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith(f + " line 2: invalid JSON");
  }

  @Test
  void rowFittingNoLayoutNamesLineAndAcceptedLayouts() throws IOException {
    Path f = file("{\"text\": \"a\"}", "", "{\"question\": \"b\"}");
    assertThatThrownBy(() -> JsonlReader.readSft(f))
        .hasMessageStartingWith(f + " line 3: row does not fit the file's layout {\"text\"}")
        .hasMessageContaining("{\"messages\": [{\"role\", \"content\"}, ...]}")
        .hasMessageContaining("{\"conversations\": [{\"from\": \"human\"|\"gpt\"|\"system\"")
        .hasMessageContaining("{\"prompt\", \"completion\"}");
    Path first = file("{\"question\": \"b\"}");
    assertThatThrownBy(() -> JsonlReader.readSft(first))
        .hasMessageStartingWith(first + " line 1: row fits no layout; accepted layouts:");
  }

  @Test
  void preferenceFileIsNotAnSftDataSetAndViceVersa() {
    assertThatThrownBy(() -> JsonlReader.readSft(fixture("preference")))
        .hasMessageContaining("line 1: row has the layout {\"prompt\", \"chosen\", \"rejected\"}")
        .hasMessageContaining("{\"text\"}");
    assertThatThrownBy(() -> JsonlReader.readPreference(fixture("text")))
        .hasMessageContaining("line 1: row has the layout {\"text\"}")
        .hasMessageContaining("{\"chosen\", \"rejected\"}");
  }

  @Test
  void badRowsInsideAKnownLayout() throws IOException {
    Path badFrom =
        file(
            "{\"conversations\": [{\"from\": \"human\", \"value\": \"hi\"}]}",
            "{\"conversations\": [{\"from\": \"bot\", \"value\": \"hi\"}]}");
    assertThatThrownBy(() -> JsonlReader.readSft(badFrom))
        .hasMessageStartingWith(
            badFrom
                + " line 2: \"conversations\"[0].from must be human, gpt or system (got 'bot')");
    Path badRole = file("{\"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}");
    assertThatThrownBy(() -> JsonlReader.readSft(badRole))
        .hasMessageContaining("line 1: \"messages\"[0]: message role must be one of");
    Path mixedTypes =
        file(
            "{\"prompt\": \"a\", \"completion\": [{\"role\": \"assistant\", \"content\": \"b\"}]}");
    assertThatThrownBy(() -> JsonlReader.readSft(mixedTypes))
        .hasMessageContaining(
            "line 1: \"prompt\" and \"completion\" must both be strings or both be message lists");
    Path mixedKinds =
        file("{\"text\": \"a\"}", "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}");
    assertThatThrownBy(() -> JsonlReader.readSft(mixedKinds)).hasMessageContaining("line 2:");
    Path samePair = file("{\"chosen\": \"same\", \"rejected\": \"same\"}");
    assertThatThrownBy(() -> JsonlReader.readPreference(samePair))
        .hasMessageContaining("line 1: \"chosen\" and \"rejected\" must differ");
    Path mixedPref =
        file(
            "{\"prompt\": \"p\", \"chosen\": \"a\", \"rejected\": \"b\"}",
            "{\"prompt\": [], \"chosen\": [{\"role\": \"assistant\", \"content\": \"a\"}],"
                + " \"rejected\": [{\"role\": \"assistant\", \"content\": \"b\"}]}");
    assertThatThrownBy(() -> JsonlReader.readPreference(mixedPref))
        .hasMessageContaining(
            "line 2: row is conversational (message lists) but the file's first row is plain"
                + " text (strings)");
  }

  @Test
  void emptyFile() throws IOException {
    Path f = file("", "  ");
    assertThatThrownBy(() -> JsonlReader.readSft(f))
        .hasMessage(f + ": no rows (the file is empty)");
  }

  @Test
  void writersRoundTrip() {
    for (String name :
        List.of("messages", "sharegpt", "prompt_completion", "prompt_completion_text", "text")) {
      List<SftExample> rows = JsonlReader.readSft(fixture(name));
      Path out = dir.resolve(name + ".out.jsonl");
      JsonlWriter.writeSft(out, rows);
      assertThat(JsonlReader.readSft(out)).as(name).isEqualTo(rows);
    }
    for (String name :
        List.of(
            "preference", "preference_text", "implicit_preference", "implicit_preference_text")) {
      List<PreferenceExample> rows = JsonlReader.readPreference(fixture(name));
      Path out = dir.resolve(name + ".out.jsonl");
      JsonlWriter.writePreference(out, rows);
      assertThat(JsonlReader.detect(out)).isEqualTo(DataFormat.PREFERENCE);
      assertThat(JsonlReader.readPreference(out)).as(name).isEqualTo(rows);
    }
  }

  @Test
  void writerUsesTrlConversationalKeys() throws IOException {
    Path out = dir.resolve("w.jsonl");
    JsonlWriter.writeSft(
        out, List.of(new SftExample.Conversation(List.of(), List.of(ChatMessage.user("hi")))));
    assertThat(Files.readString(out))
        .isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n");
  }
}
