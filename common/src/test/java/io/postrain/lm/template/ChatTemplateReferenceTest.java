package io.postrain.lm.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares ChatTemplate output byte for byte with Python Jinja2's rendering of the same inputs
 * (src/test/python/render_reference.py wrote the expected files). The synthetic templates always
 * run; the Qwen3 cases read the real template from $POSTRAIN_QWEN3_TOKENIZER.
 */
class ChatTemplateReferenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Path templatesDir() throws URISyntaxException {
    return Path.of(ChatTemplateReferenceTest.class.getResource("/templates").toURI());
  }

  static Stream<String> syntheticCases() throws Exception {
    return cases("synthetic");
  }

  static Stream<String> qwen3Cases() throws Exception {
    return cases("qwen3");
  }

  private static Stream<String> cases(String group) throws Exception {
    try (Stream<Path> files = Files.list(templatesDir().resolve(group))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .map(n -> group + "/" + n.substring(0, n.length() - 5))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("syntheticCases")
  void syntheticTemplateMatchesPythonJinja2(String name) throws Exception {
    check(name);
  }

  @ParameterizedTest
  @MethodSource("qwen3Cases")
  void qwen3TemplateMatchesPythonJinja2(String name) throws Exception {
    String dir = System.getenv("POSTRAIN_QWEN3_TOKENIZER");
    assumeTrue(
        dir != null,
        "POSTRAIN_QWEN3_TOKENIZER is not set (point it at a Qwen3 tokenizer directory, e.g."
            + " /work/shared/fixtures/qwen3-tokenizer); skipping the real Qwen3 template");
    check(name);
  }

  @SuppressWarnings("unchecked")
  private static void check(String name) throws Exception {
    Path caseFile = templatesDir().resolve(name + ".json");
    Map<String, Object> c = JSON.readValue(caseFile.toFile(), Map.class);
    ChatTemplate template = template(caseFile, c);
    List<Map<String, Object>> messages = (List<Map<String, Object>>) c.get("messages");
    List<Map<String, Object>> tools = (List<Map<String, Object>>) c.get("tools");
    boolean agp = Boolean.TRUE.equals(c.get("add_generation_prompt"));
    Map<String, Object> extra = (Map<String, Object>) c.getOrDefault("extra", Map.of());
    String base = name.substring(name.indexOf('/') + 1);
    Path expected = caseFile.resolveSibling(base + ".txt");
    Path expectedError = caseFile.resolveSibling(base + ".error.txt");
    if (Files.exists(expectedError)) {
      String message = Files.readString(expectedError, StandardCharsets.UTF_8);
      assertThatThrownBy(() -> template.render(messages, tools, agp, extra))
          .isInstanceOf(ChatTemplateException.class)
          .hasMessage(message);
    } else {
      assertThat(template.render(messages, tools, agp, extra))
          .isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }
  }

  @SuppressWarnings("unchecked")
  private static ChatTemplate template(Path caseFile, Map<String, Object> c) throws IOException {
    Map<String, Object> tokens = (Map<String, Object>) c.getOrDefault("special_tokens", Map.of());
    String name = (String) c.get("template");
    if (name.equals("qwen3")) {
      Path dir = Path.of(System.getenv("POSTRAIN_QWEN3_TOKENIZER"));
      String source =
          JSON.readTree(dir.resolve("tokenizer_config.json").toFile())
              .get("chat_template")
              .asText();
      return ChatTemplate.of(source, tokens);
    }
    return ChatTemplate.of(Files.readString(caseFile.resolveSibling(name)), tokens);
  }
}
