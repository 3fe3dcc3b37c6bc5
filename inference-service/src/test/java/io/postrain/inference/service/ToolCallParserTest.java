package io.postrain.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.postrain.inference.service.ToolCallParser.Call;
import io.postrain.inference.service.ToolCallParser.Parsed;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Qwen / Hermes tool-call blocks against hand-written expectations. */
class ToolCallParserTest {

  @Test
  void oneCallAndNoTextGivesNullContent() {
    Parsed p =
        ToolCallParser.parse(
            "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n"
                + "</tool_call>");
    assertThat(p.content()).isNull();
    assertThat(p.calls()).containsExactly(new Call("get_weather", "{\"city\":\"Paris\"}"));
  }

  @Test
  void textAroundTwoCallsIsKeptAndStringArgumentsAreRead() {
    Parsed p =
        ToolCallParser.parse(
            "Let me check.\n<tool_call>\n{\"name\": \"a\", \"arguments\": {}}\n</tool_call>\n"
                + "<tool_call>{\"name\": \"b\", \"arguments\": \"{\\\"x\\\": [1, 2]}\"}"
                + "</tool_call>");
    assertThat(p.content()).isEqualTo("Let me check.");
    assertThat(p.calls()).containsExactly(new Call("a", "{}"), new Call("b", "{\"x\":[1,2]}"));
  }

  @Test
  void malformedOrUnclosedBlocksAreText() {
    for (String text :
        List.of(
            "<tool_call>\n{\"name\": \"a\", \"arguments\": {\"cut",
            "<tool_call>{\"arguments\": {}}</tool_call>",
            "<tool_call>{\"name\": \"a\", \"arguments\": [1]}</tool_call>",
            "<tool_call>not json</tool_call>",
            "plain answer")) {
      Parsed p = ToolCallParser.parse(text);
      assertThat(p.calls()).as(text).isEmpty();
      assertThat(p.content()).as(text).isEqualTo(text);
    }
  }
}
