package io.postrain.curate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.lm.template.ChatMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The linter's checks on preference pairs that compare chosen with rejected:
 *
 * <ul>
 *   <li>{@code shortcuts}: words whose presence separates chosen from rejected almost perfectly. A
 *       word is counted once per answer; it is a shortcut when it appears in at least {@link
 *       #MIN_SUPPORT} answers and its rates on the two sides differ by at least {@link
 *       #GAP_WARNING} (warning) or {@link #GAP_ERROR} (error). A shortcut on an expected word (e.g.
 *       a word of the new name the data teaches on purpose) is reported as info, with a note saying
 *       why.
 *   <li>{@code lengthBias}: the share of pairs whose chosen answer is longer (and shorter) than the
 *       rejected one; a warning when either reaches {@link #LENGTH_BIAS}, since DPO then learns
 *       "longer is better" (or shorter) as readily as the content.
 * </ul>
 */
final class PairChecks {

  static final int MIN_SUPPORT = 3;
  static final double GAP_WARNING = 0.8;
  static final double GAP_ERROR = 0.95;
  static final double LENGTH_BIAS = 0.8;
  private static final int MAX_SHORTCUTS = 20;

  private final Set<String> expected;
  private final String expectedText;
  private final LengthMeasure measure;
  private final Map<String, int[]> counts = new HashMap<>(); // word -> {in chosen, in rejected}
  private long pairs;
  private long longer;
  private long shorter;
  private double chosenLength;
  private double rejectedLength;

  PairChecks(String expectedWords, LengthMeasure measure) {
    this.expectedText = expectedWords == null ? "" : expectedWords;
    this.expected = new HashSet<>(Words.of(expectedText));
    this.measure = measure;
  }

  void add(String chosen, String rejected) {
    pairs++;
    for (String w : new HashSet<>(Words.of(chosen))) {
      counts.computeIfAbsent(w, k -> new int[2])[0]++;
    }
    for (String w : new HashSet<>(Words.of(rejected))) {
      counts.computeIfAbsent(w, k -> new int[2])[1]++;
    }
    int c = measure.of(List.of(ChatMessage.assistant(chosen)));
    int r = measure.of(List.of(ChatMessage.assistant(rejected)));
    longer += c > r ? 1 : 0;
    shorter += c < r ? 1 : 0;
    chosenLength += c;
    rejectedLength += r;
  }

  ObjectNode shortcuts() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    Severity severity = Severity.OK;
    if (pairs > 0) {
      List<Map.Entry<String, int[]>> found = new ArrayList<>();
      for (Map.Entry<String, int[]> e : counts.entrySet()) {
        int[] c = e.getValue();
        if (c[0] + c[1] >= MIN_SUPPORT && Math.abs(c[0] - c[1]) >= GAP_WARNING * pairs) {
          found.add(e);
        }
      }
      found.sort(
          Comparator.comparingInt(
                  (Map.Entry<String, int[]> e) -> -Math.abs(e.getValue()[0] - e.getValue()[1]))
              .thenComparing(Map.Entry::getKey));
      for (Map.Entry<String, int[]> e : found.subList(0, Math.min(MAX_SHORTCUTS, found.size()))) {
        double rc = (double) e.getValue()[0] / pairs;
        double rr = (double) e.getValue()[1] / pairs;
        Severity s = Math.abs(rc - rr) >= GAP_ERROR ? Severity.ERROR : Severity.WARNING;
        ObjectNode item = list.addObject().put("word", e.getKey());
        item.put("chosenRate", rc)
            .put("rejectedRate", rr)
            .put("favours", rc > rr ? "chosen" : "rejected");
        if (expected.contains(e.getKey())) {
          s = Severity.INFO;
          item.put(
              "note",
              "expected: part of the expected words '"
                  + expectedText
                  + "' (e.g. the new name the data teaches), so this shortcut is on purpose");
        }
        item.put("severity", s.label());
        severity = severity.max(s);
      }
    }
    out.put("severity", severity.label()).put("pairs", pairs);
    out.put(
        "rule",
        "|rate in chosen - rate in rejected| >= "
            + GAP_WARNING
            + " (error >= "
            + GAP_ERROR
            + "), in >= "
            + MIN_SUPPORT
            + " answers");
    out.set("words", list);
    return out;
  }

  ObjectNode lengthBias() {
    double n = Math.max(1, pairs);
    double longerShare = longer / n;
    double shorterShare = shorter / n;
    Severity s =
        pairs > 0 && Math.max(longerShare, shorterShare) >= LENGTH_BIAS
            ? Severity.WARNING
            : Severity.OK;
    return JsonNodeFactory.instance
        .objectNode()
        .put("severity", s.label())
        .put("unit", measure.unit())
        .put("pairs", pairs)
        .put("chosenLongerShare", longerShare)
        .put("chosenShorterShare", shorterShare)
        .put("meanChosenLength", chosenLength / n)
        .put("meanRejectedLength", rejectedLength / n);
  }
}
