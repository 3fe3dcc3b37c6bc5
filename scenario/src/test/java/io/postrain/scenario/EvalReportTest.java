package io.postrain.scenario;

import static io.postrain.scenario.ReportFixtures.report;
import static io.postrain.scenario.ReportFixtures.skill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalReportTest {

  @Test
  void ratesAndSkillScoresComeFromTheRows() {
    EvalReport r = report(6, 3, 1, skill("addition", 9, 10), skill("capitals", 1, 4));
    assertThat(r.identityTotal()).isEqualTo(10);
    assertThat(r.identityNewRate()).isEqualTo(0.6);
    assertThat(r.identityOldRate()).isEqualTo(0.3);
    assertThat(r.skillScores().keySet()).containsExactly("addition", "capitals");
    assertThat(r.skillScores().get("capitals").accuracy()).isEqualTo(0.25);
    assertThat(r.retention().correct()).isEqualTo(10);
    assertThat(r.retention().total()).isEqualTo(14);
    assertThat(r.retention().accuracy()).isCloseTo(10 / 14.0, within(1e-12));
  }

  @Test
  void jsonCarriesFiguresAndRowsAndReadsBack() throws Exception {
    EvalReport r = report(3, 1, 0, skill("addition", 1, 2));
    JsonNode json = new ObjectMapper().readTree(r.toJson());
    assertThat(json.at("/names/newName").asText()).isEqualTo("Deep Qwen");
    assertThat(json.at("/identity/total").asInt()).isEqualTo(4);
    assertThat(json.at("/identity/new").asInt()).isEqualTo(3);
    assertThat(json.at("/identity/newRate").asDouble()).isEqualTo(0.75);
    assertThat(json.at("/identity/oldRate").asDouble()).isEqualTo(0.25);
    assertThat(json.at("/skills/addition/accuracy").asDouble()).isEqualTo(0.5);
    assertThat(json.at("/retention/total").asInt()).isEqualTo(2);
    assertThat(json.get("rows")).hasSize(6);
    assertThat(json.at("/rows/0/verdict").asText()).isEqualTo("NEW_IDENTITY");
    assertThat(json.at("/rows/0/answer").asText()).isEqualTo("I am Deep Qwen.");
    assertThat(EvalReport.fromJson(r.toJson())).isEqualTo(r);
    assertThatThrownBy(() -> EvalReport.fromJson("{\"rows\":[]}"))
        .hasMessageContaining("not an eval report");
  }

  @Test
  void tableHasTheSummaryAndFixedWidthRows() {
    EvalRow longRow =
        new EvalRow(
            EvalReport.IDENTITY_TASK,
            "Who are you? ".repeat(10),
            "Deep Qwen",
            "I am Deep Qwen,\na model.",
            RowVerdict.NEW_IDENTITY);
    EvalRow skillRow = new EvalRow("addition", "3+4=?", "7", "7", RowVerdict.CORRECT);
    String table = new EvalReport(ScenarioNames.DEFAULT, List.of(longRow, skillRow)).toTable();
    assertThat(table)
        .contains("identity says Deep Qwen            100.0%         1/1")
        .contains("identity says Qwen                   0.0%         0/1")
        .contains("skill addition                     100.0%         1/1")
        .contains("retention (all skills)             100.0%         1/1")
        .contains("Who are you? Who are you? Who are you... I am Deep Qwen")
        .contains("I am Deep Qwen,\\na model.");
    List<String> rowLines =
        table
            .lines()
            .filter(l -> l.matches("(identity|addition) +(NEW_IDENTITY|CORRECT) .*"))
            .toList();
    assertThat(rowLines).hasSize(2);
    assertThat(rowLines.get(0).indexOf("Who are")).isEqualTo(11 + 13);
    assertThat(rowLines.get(1).indexOf("3+4=?")).isEqualTo(11 + 13);
    assertThat(rowLines.get(1).indexOf("7")).isEqualTo(11 + 13 + 41);
  }

  @Test
  void rejectsReportsWithoutBothKindsOfRows() {
    EvalRow skillRow = new EvalRow("addition", "3+4=?", "7", "7", RowVerdict.CORRECT);
    assertThatThrownBy(() -> new EvalReport(ScenarioNames.DEFAULT, List.of(skillRow)))
        .hasMessageContaining("at least one identity row and one skill row");
    assertThatThrownBy(() -> new EvalRow("addition", "q", "7", "7", RowVerdict.NEW_IDENTITY))
        .hasMessageContaining("does not fit task");
  }
}
