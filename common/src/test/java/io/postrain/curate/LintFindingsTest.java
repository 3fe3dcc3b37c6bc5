package io.postrain.curate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The one-line summary of a linter report that a refused job gives as its reason. */
class LintFindingsTest {

  private static final String REPORT =
      """
      {"rows": 10, "format": "preference",
       "brokenRows": {"severity": "ok", "count": 0, "examples": []},
       "emptyOrIdentical": {"severity": "error", "count": 2, "examples": [
         {"line": 3, "why": "chosen and rejected are identical"},
         {"line": 7, "why": "blank user turn"}]},
       "duplicatePrompts": {"severity": "info", "distinctPrompts": 8, "repeatedPrompts": 2,
                            "rowsWithRepeatedPrompts": 4},
       "alikeCompletions": {"severity": "warning", "promptsWithSeveralRows": 2,
                            "promptsWithAllCompletionsAlike": 1},
       "shortcuts": {"severity": "error", "pairs": 10, "words": [
         {"word": "Deep", "chosenRate": 1.0, "rejectedRate": 0.0, "severity": "error"},
         {"word": "sure", "chosenRate": 0.1, "rejectedRate": 0.9, "severity": "warning"}]},
       "lengthBias": {"severity": "warning", "chosenLongerShare": 0.9, "chosenShorterShare": 0.05},
       "severity": "error"}
      """;

  @Test
  void namesTheSectionsAtTheSeverityAskedWithTheirNumbers() throws Exception {
    JsonNode report = new ObjectMapper().readTree(REPORT);
    assertThat(LintFindings.severity(report)).isEqualTo(Severity.ERROR);
    assertThat(LintFindings.summary(report, Severity.ERROR))
        .isEqualTo(
            "emptyOrIdentical: 2 rows (row 3: chosen and rejected are identical, row 7: blank user"
                + " turn); shortcuts: 'Deep' in 100% of chosen, 0% of rejected");
    assertThat(LintFindings.summary(report, Severity.WARNING))
        .isEqualTo(
            "emptyOrIdentical: 2 rows (row 3: chosen and rejected are identical, row 7: blank user"
                + " turn); alikeCompletions: 1 prompts whose completions are all alike; shortcuts:"
                + " 'Deep' in 100% of chosen, 0% of rejected, 'sure' in 10% of chosen, 90% of"
                + " rejected; lengthBias: chosen longer in 90% of pairs, shorter in 5%");
    assertThat(LintFindings.summary(report, Severity.INFO))
        .contains("duplicatePrompts: 2 prompts repeated, in 4 rows");
  }
}
