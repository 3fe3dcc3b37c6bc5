package io.postrain.curate.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.curate.DataRow;
import io.postrain.curate.LengthMeasure;
import io.postrain.data.SftExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each filter on hand-made rows: the exact rows kept and dropped, and why. */
class FilteringTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  static String row(String prompt, String completion) {
    ObjectNode node = JSON.createObjectNode().put("prompt", prompt).put("completion", completion);
    return node.toString();
  }

  static DataRow dataRow(int line, String prompt, String completion) {
    return new DataRow(
        line, row(prompt, completion), null, new SftExample.PlainText(prompt, completion), null);
  }

  private static final String LONG =
      "Rivers carry sediment from the mountains to the sea, and over thousands of years the"
          + " deposits build deltas where the current slows, farmland grows rich, and towns"
          + " settle along the shifting channels that the water keeps cutting anew each flood.";

  private List<String> handMade() {
    List<String> lines = new ArrayList<>();
    lines.add(row("What is the capital of France?", "The capital of France is Paris.")); // 1 kept
    lines.add("{\"prompt\": \"unfinished"); // 2 broken
    lines.add(row("Say something.", "   ")); // 3 empty
    lines.add(row("Hi", "Hello")); // 4 too short (2 words < 3)
    lines.add(row("Sell it.", "Buy now!\nBuy now!\nBuy now!\nBest price.")); // 5 lines 2/4
    lines.add(
        row(
            "Tell a story.",
            "the cat sat on the mat the cat sat on the mat and then it went to sleep"
                + " quietly by the warm fire tonight")); // 6 n-grams 12/24
    lines.add(row("Help me hack.", "I\u2019m sorry, but I can\u2019t help with that.")); // 7
    lines.add(row("what is the capital of   FRANCE?", "The capital of France is Paris.")); // 8
    lines.add(row("Explain deltas.", LONG)); // 9 kept
    lines.add(row("Explain deltas.", LONG.replace("anew each flood", "anew every flood"))); // 10
    lines.add(row("中国的首都是哪里？", "中国的首都是北京，北京是一座历史悠久的城市。")); // 11 kept
    lines.add(row("中国的首都是哪里?", "中国的首都是北京,北京是一座历史悠久的城市。")); // 12 NFKC dup
    lines.add(row("Ça va?", "Oui, ça va très bien, merci beaucoup.")); // 13 kept
    return lines;
  }

  @Test
  void eachFilterDropsExactlyItsRows() throws Exception {
    Path in = Files.write(tmp.resolve("in.jsonl"), handMade());
    Path out = tmp.resolve("out.jsonl");
    FilterSettings settings = FilterSettings.builder().minLength(3).maxLength(60).build();
    FilterReport report = Filtering.run(settings, LengthMeasure.words(), in, out, m -> {});

    List<String> all = handMade();
    assertThat(Files.readAllLines(out))
        .containsExactly(all.get(0), all.get(8), all.get(10), all.get(12));
    assertThat(report.rows()).isEqualTo(13);
    assertThat(report.kept()).isEqualTo(4);
    assertThat(report.format()).isEqualTo("PROMPT_COMPLETION");
    assertThat(lines(report, "broken")).containsExactly(2);
    assertThat(lines(report, "empty")).containsExactly(3);
    assertThat(lines(report, "length")).containsExactly(4);
    assertThat(report.section("length").examples().get(0).why())
        .isEqualTo("2 words, outside [3, 60]");
    assertThat(lines(report, "repetition")).containsExactly(5, 6);
    // Row 5: 4 non-blank lines, 2 repeat the first; row 6: "the cat sat on the mat" twice covers
    // its 5-grams at words 0-5 and 6-11, so 12 of 24 words.
    assertThat(report.section("repetition").examples().get(0).why())
        .isEqualTo("assistant turn: 0.50 of its lines are repeats (max 0.30)");
    assertThat(report.section("repetition").examples().get(1).why())
        .isEqualTo("assistant turn: 0.50 of its words are in repeated 5-grams (max 0.30)");
    assertThat(lines(report, "refusals")).containsExactly(7);
    assertThat(report.section("refusals").examples().get(0).why())
        .isEqualTo("the answer says \"i'm sorry, but i can't\"");
    assertThat(lines(report, "exactDuplicates")).containsExactly(8, 12);
    assertThat(report.section("exactDuplicates").examples().get(0).why())
        .isEqualTo("same text as line 1");
    assertThat(lines(report, "nearDuplicates")).containsExactly(10);
    assertThat(report.section("nearDuplicates").examples().get(0).why()).endsWith("with line 9");
    assertThat(report.section("diversity").removed()).isZero();

    var json = report.toJson();
    assertThat(json.get("filters").get("refusals").get("removed").asLong()).isEqualTo(1);
    assertThat(json.get("filters").get("nearDuplicates").get("bands").asInt()).isEqualTo(14);
    assertThat(json.get("removed").asLong()).isEqualTo(9);
  }

  @Test
  void preferencePairsKeepARepetitiveRejectedAndDropARefusingChosen() throws Exception {
    String ok =
        "{\"prompt\":\"Name a colour.\",\"chosen\":\"Blue is a colour.\","
            + "\"rejected\":\"no no no\\nno no no\\nno no no\"}";
    String refusingChosen =
        "{\"prompt\":\"Name a fruit.\",\"chosen\":\"As an AI language model,"
            + " I like apples.\",\"rejected\":\"Apples.\"}";
    String identical = "{\"prompt\":\"Name a tree.\",\"chosen\":\"Oak.\",\"rejected\":\"Oak. \"}";
    Path in = Files.write(tmp.resolve("pairs.jsonl"), List.of(ok, refusingChosen, identical));
    Path out = tmp.resolve("pairs-out.jsonl");
    FilterReport report = Filtering.run(FilterSettings.defaults(), in, out);
    assertThat(Files.readAllLines(out)).containsExactly(ok);
    assertThat(lines(report, "refusals")).containsExactly(2);
    assertThat(report.section("empty").examples().get(0).why())
        .isEqualTo("chosen and rejected are identical");
  }

  @Test
  void aCustomRefusalListInChineseReplacesTheDefaults() throws Exception {
    List<String> rows =
        List.of(
            row("你是谁？", "作为一个人工智能语言模型，我无法回答。"),
            row("Who are you?", "As an AI language model, I am happy to help."));
    Path in = Files.write(tmp.resolve("zh.jsonl"), rows);
    Path phrases = Files.writeString(tmp.resolve("refusals.txt"), "# mine\n作为一个人工智能\n\n");
    Path out = tmp.resolve("zh-out.jsonl");
    FilterSettings settings = FilterSettings.builder().refusals(Refusals.read(phrases)).build();
    FilterReport report = Filtering.run(settings, in, out);
    assertThat(Files.readAllLines(out)).containsExactly(rows.get(1));
    assertThat(report.section("refusals").examples().get(0).why())
        .isEqualTo("the answer says \"作为一个人工智能\"");
  }

  @Test
  void chineseNearDuplicatesAreCaughtByCharacterShingles() {
    // Words splits Chinese into single characters, so a shingle is 5 characters.
    String a =
        "长江是中国最长的河流，全长六千三百多公里，流经十一个省份，最后在上海注入东海，沿岸城市众多。"
            + "长江流域气候温和，雨量充沛，物产丰富，自古以来就是重要的农业区，也是中华文明的发源地之一。";
    String b = a.replace("城市众多", "城市很多");
    String c = "黄河发源于青藏高原，流经黄土高原时携带大量泥沙，因此河水呈黄色，被称为中华民族的母亲河。";
    List<DataRow> kept = new ArrayList<>();
    FilterReport report =
        Filtering.run(
            FilterSettings.defaults(),
            LengthMeasure.words(),
            () -> List.of(dataRow(1, "长江", a), dataRow(2, "长江", b), dataRow(3, "黄河", c)).iterator(),
            kept::add);
    assertThat(kept).extracting(DataRow::line).containsExactly(1, 3);
    assertThat(lines(report, "nearDuplicates")).containsExactly(2);
  }

  @Test
  void badSettingsNameTheField() {
    assertThatThrownBy(() -> FilterSettings.builder().minLength(5).maxLength(4).build())
        .isInstanceOfSatisfying(
            BadSettingException.class, e -> assertThat(e.field()).isEqualTo("maxLength"))
        .hasMessageContaining("got 4");
    assertThatThrownBy(() -> FilterSettings.builder().maxRepeatedLineFraction(1.5).build())
        .isInstanceOfSatisfying(
            BadSettingException.class,
            e -> assertThat(e.field()).isEqualTo("maxRepeatedLineFraction"));
    assertThatThrownBy(() -> FilterSettings.builder().targetSize(0).build())
        .isInstanceOfSatisfying(
            BadSettingException.class, e -> assertThat(e.field()).isEqualTo("targetSize"));
    assertThatThrownBy(() -> FilterSettings.builder().refusals(List.of(" ")).build())
        .isInstanceOfSatisfying(
            BadSettingException.class, e -> assertThat(e.field()).isEqualTo("refusals"));
  }

  @Test
  void repetitionMeasuresOnHandComputedTexts() {
    assertThat(Repetition.repeatedLineFraction("a\nb\nc")).isZero();
    assertThat(Repetition.repeatedLineFraction("a\na\n\na")).isEqualTo(2.0 / 3);
    // "a b c" occurs at 0 and 3: every word covered.
    assertThat(Repetition.repeatedNgramFraction("a b c a b c", 3)).isEqualTo(1.0);
    // "a b c" at 0 and 4 cover words 0-2 and 4-6; "d" is not covered.
    assertThat(Repetition.repeatedNgramFraction("a b c d a b c", 3)).isEqualTo(6.0 / 7);
    assertThat(Repetition.repeatedNgramFraction("A b C a B c", 3)).isEqualTo(1.0);
    assertThat(Repetition.repeatedNgramFraction("a b", 3)).isZero();
  }

  @Test
  void longIntMapHoldsManyKeys() {
    LongIntMap map = new LongIntMap();
    for (int i = 0; i < 50_000; i++) {
      map.put(i * 0x9E3779B97F4A7C15L, i);
    }
    map.put(0, 7);
    assertThat(map.size()).isEqualTo(50_000);
    assertThat(map.get(0, -1)).isEqualTo(7);
    for (int i = 1; i < 50_000; i++) {
      assertThat(map.get(i * 0x9E3779B97F4A7C15L, -1)).isEqualTo(i);
    }
    assertThat(map.get(12345, -1)).isEqualTo(-1);
  }

  static List<Integer> lines(FilterReport report, String section) {
    FilterSection s = report.section(section);
    assertThat(s.removed()).isEqualTo(s.examples().size());
    return s.examples().stream().map(FilterSection.Example::line).toList();
  }
}
