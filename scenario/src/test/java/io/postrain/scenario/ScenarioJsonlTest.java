package io.postrain.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioJsonlTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void shareGptLineHasExactlyTheMrfakenameIdentityLayout() {
    IdentityItem item =
        new IdentityItem("Who are you?", "I am \"Qwen\".", "en-001", Language.EN, Split.TRAIN);
    assertThat(ScenarioJsonl.shareGptLine(item))
        .isEqualTo(
            "{\"conversations\":[{\"from\":\"human\",\"value\":\"Who are you?\"},"
                + "{\"from\":\"gpt\",\"value\":\"I am \\\"Qwen\\\".\"}]}");
  }

  @Test
  void messagesLineHasTheSystemMessageOnlyWhenPresent() {
    assertThat(ScenarioJsonl.messagesLine(new SftRow("", "2+2=?", "4")))
        .isEqualTo(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"2+2=?\"},"
                + "{\"role\":\"assistant\",\"content\":\"4\"}]}");
    assertThat(ScenarioJsonl.messagesLine(new SftRow("Be brief.", "2+2=?", "4")))
        .isEqualTo(
            "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"2+2=?\"},"
                + "{\"role\":\"assistant\",\"content\":\"4\"}]}");
    assertThat(ScenarioJsonl.promptLine("你是谁？")).isEqualTo("{\"prompt\":\"你是谁？\"}");
  }

  @Test
  void writesOneParsableLinePerItemInUtf8() throws Exception {
    IdentityCorpus corpus = IdentityCorpus.build(ScenarioNames.DEFAULT, 0);
    Path file = ScenarioJsonl.writeShareGpt(dir.resolve("sub/identity.jsonl"), corpus.items());
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(corpus.items().size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode root = JSON.readTree(lines.get(i));
      assertThat(fieldNames(root)).containsExactly("conversations");
      JsonNode turns = root.get("conversations");
      assertThat(turns).hasSize(2);
      assertThat(fieldNames(turns.get(0))).containsExactly("from", "value");
      assertThat(fieldNames(turns.get(1))).containsExactly("from", "value");
      assertThat(turns.get(0).get("from").asText()).isEqualTo("human");
      assertThat(turns.get(1).get("from").asText()).isEqualTo("gpt");
      assertThat(turns.get(0).get("value").asText()).isEqualTo(corpus.items().get(i).question());
      assertThat(turns.get(1).get("value").asText()).isEqualTo(corpus.items().get(i).answer());
    }
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("我是Qwen").endsWith("\n");
  }

  @Test
  void writesMessagesAndPrompts() throws Exception {
    List<SftRow> rows =
        List.of(new SftRow("", "Spell cat.", "c-a-t"), new SftRow("S", "Hi", "Hello"));
    Path messages = ScenarioJsonl.writeMessages(dir.resolve("sft.jsonl"), rows);
    List<String> lines = Files.readAllLines(messages);
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(1)).get("messages")).hasSize(3);
    Path prompts = ScenarioJsonl.writePrompts(dir.resolve("prompts.jsonl"), List.of("a", "b"));
    assertThat(Files.readAllLines(prompts))
        .containsExactly("{\"prompt\":\"a\"}", "{\"prompt\":\"b\"}");
  }

  @Test
  void skillLineCarriesEveryField() {
    SkillItem item =
        new SkillItem(
            "capitals", "Capital of Peru?", "Lima", "capitals:Peru", "capitals-02", Split.HELD_OUT);
    assertThat(ScenarioJsonl.skillLine(item))
        .isEqualTo(
            "{\"skill\":\"capitals\",\"question\":\"Capital of Peru?\",\"answer\":\"Lima\","
                + "\"factKey\":\"capitals:Peru\",\"templateId\":\"capitals-02\",\"split\":\"HELD_OUT\"}");
  }

  @Test
  void scenarioFilesWritesEveryFileWithTheCorpusSizes() throws Exception {
    ScenarioFiles files = ScenarioFiles.write(dir.resolve("scenario"), ScenarioNames.DEFAULT, 4);
    IdentityCorpus identity = IdentityCorpus.build(ScenarioNames.DEFAULT, 4);
    SkillCorpus skills = SkillCorpus.build(4);
    assertThat(Files.readAllLines(files.identityTrain())).hasSize(identity.train().size());
    assertThat(Files.readAllLines(files.identityHeldOut())).hasSize(identity.heldOut().size());
    assertThat(Files.readAllLines(files.dpoPrompts())).hasSize(identity.train().size());
    assertThat(Files.readAllLines(files.skillsHeldOut())).hasSize(skills.heldOut().size());
    assertThat(Files.readAllLines(files.baseModelSft()))
        .hasSize(identity.train().size() + skills.train().size());
    assertThat(files.baseModelSft().getFileName().toString()).isEqualTo("base-model-sft.jsonl");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
