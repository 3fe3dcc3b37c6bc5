package io.postrain.scenario;

import static io.postrain.scenario.ReportFixtures.report;
import static io.postrain.scenario.ReportFixtures.skill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  private static final EvalReport BEFORE =
      report(0, 100, 0, skill("addition", 50, 50), skill("capitals", 50, 50));

  @Test
  void identityRateOfExactlyNinetyPercentPasses() {
    EvalReport after = report(90, 10, 0, skill("addition", 50, 50), skill("capitals", 50, 50));
    assertThat(after.identityNewRate()).isEqualTo(0.9);
    Verdict v = EvalReport.compare(BEFORE, after).verdict();
    assertThat(v.pass()).isTrue();
    assertThat(v.sentence()).startsWith("PASS: 90.0% of held-out identity answers name Deep Qwen");
  }

  @Test
  void identityRateJustBelowNinetyPercentFails() {
    EvalReport after = report(89, 11, 0, skill("addition", 50, 50), skill("capitals", 50, 50));
    Verdict v = EvalReport.compare(BEFORE, after).verdict();
    assertThat(v.pass()).isFalse();
    assertThat(v.sentence()).startsWith("FAIL: 89.0%").contains("too low");
  }

  @Test
  void retentionDropOfExactlyFivePointsPasses() {
    // 100% -> 95%: in doubles 100 * (1 - 0.95) = 5.000000000000004, inside the tolerance.
    EvalReport after = report(100, 0, 0, skill("addition", 45, 50), skill("capitals", 50, 50));
    Verdict v = EvalReport.compare(BEFORE, after).verdict();
    assertThat(v.retentionDropPoints()).isCloseTo(5.0, within(1e-9));
    assertThat(v.pass()).isTrue();
    assertThat(v.skillDropPoints().get("addition")).isCloseTo(10.0, within(1e-9));
    assertThat(v.skillDropPoints().get("capitals")).isCloseTo(0.0, within(1e-9));
    assertThat(v.sentence())
        .contains("a drop of 5.0 points (ok")
        .contains("addition 100.0% -> 90.0%")
        .contains("capitals 100.0% -> 100.0%")
        .contains("Skills that fell more than 5.0 points: addition.");
  }

  @Test
  void retentionDropJustAboveFivePointsFails() {
    EvalReport before = report(0, 100, 0, skill("addition", 100, 100), skill("capitals", 100, 100));
    EvalReport after = report(100, 0, 0, skill("addition", 89, 100), skill("capitals", 100, 100));
    Verdict v = EvalReport.compare(before, after).verdict();
    assertThat(v.retentionDropPoints()).isCloseTo(5.5, within(1e-9));
    assertThat(v.pass()).isFalse();
    assertThat(v.sentence()).startsWith("FAIL").contains("too much");
  }

  @Test
  void aRiseInOneSkillCanHideAFallInAnotherButTheSentenceSaysSo() {
    EvalReport before = report(0, 10, 0, skill("addition", 5, 10), skill("capitals", 10, 10));
    EvalReport after = report(10, 0, 0, skill("addition", 10, 10), skill("capitals", 6, 10));
    Comparison c = EvalReport.compare(before, after);
    assertThat(c.verdict().pass()).isTrue();
    assertThat(c.verdict().retentionDropPoints()).isCloseTo(-5.0, within(1e-9));
    assertThat(c.verdict().sentence()).contains("Skills that fell more than 5.0 points: capitals.");
    List<String> lines = c.table().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("metric                             before    after    change");
    assertThat(lines)
        .contains("identity says Deep Qwen              0.0%   100.0% +100.0 pt")
        .contains("identity says Qwen                 100.0%     0.0% -100.0 pt")
        .contains("skill addition                      50.0%   100.0%  +50.0 pt")
        .contains("skill capitals                     100.0%    60.0%  -40.0 pt")
        .contains("retention (all skills)              75.0%    80.0%   +5.0 pt");
  }

  @Test
  void skillsInOnlyOneReportShowADash() {
    EvalReport before = report(0, 10, 0, skill("addition", 5, 10));
    EvalReport after = report(10, 0, 0, skill("addition", 5, 10), skill("spelling", 1, 2));
    Comparison c = EvalReport.compare(before, after);
    assertThat(c.table()).contains("skill spelling                          -    50.0%         -");
    assertThat(c.verdict().skillDropPoints()).containsOnlyKeys("addition");
  }

  @Test
  void reportsWithDifferentNamesAreRejected() {
    EvalReport other =
        new EvalReport(
            new ScenarioNames("Qwen", "Alibaba Cloud", "Nova"),
            BEFORE.rows().stream()
                .map(
                    r -> new EvalRow(r.task(), r.question(), r.expected(), r.answer(), r.verdict()))
                .toList());
    assertThatThrownBy(() -> EvalReport.compare(BEFORE, other))
        .hasMessageContaining("different names");
  }
}
