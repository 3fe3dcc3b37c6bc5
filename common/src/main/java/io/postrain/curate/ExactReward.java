package io.postrain.curate;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * {@code {"type": "exact", "field": "answer", "normalize": ["trim", "lower"]}}: 1 when the
 * completion, normalised, equals the row's {@code field}, normalised the same way; else 0. When
 * both parse as numbers they are compared as numbers ("4.0" equals "4", "1e3" equals "1000").
 *
 * <p>Normalisations, applied in the order given: {@code trim} (strip surrounding white space),
 * {@code lower} (lower case, locale-independent), {@code whitespace} (runs of white space become
 * one space), {@code punctuation} (remove Unicode punctuation, e.g. "。" and "!"), {@code nfkc}
 * (Unicode NFKC: full-width "４" becomes "4").
 */
public final class ExactReward implements Reward {

  /** The accepted normalisations. */
  public static final List<String> NORMALIZATIONS =
      List.of("trim", "lower", "whitespace", "punctuation", "nfkc");

  private final String field;
  private final List<String> normalize;

  public ExactReward(String field, List<String> normalize) {
    for (String n : normalize) {
      if (!NORMALIZATIONS.contains(n)) {
        throw new IllegalArgumentException(
            "normalize: unknown '" + n + "'; accepted: " + String.join(", ", NORMALIZATIONS));
      }
    }
    this.field = field;
    this.normalize = List.copyOf(normalize);
  }

  @Override
  public double score(Sample sample) {
    JsonNode expected = sample.row().get(field);
    if (expected == null || expected.isNull() || expected.isContainerNode()) {
      throw new IllegalArgumentException(
          "exact reward: the row has no string or number field '" + field + "'");
    }
    String a = normalized(sample.completion());
    String b = normalized(expected.asText());
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    if (x != null && y != null) {
      return x.compareTo(y) == 0 ? 1 : 0;
    }
    return a.equals(b) ? 1 : 0;
  }

  String normalized(String text) {
    String out = text;
    for (String n : normalize) {
      out =
          switch (n) {
            case "trim" -> out.strip();
            case "lower" -> out.toLowerCase(Locale.ROOT);
            case "whitespace" -> out.replaceAll("\\s+", " ");
            case "punctuation" -> out.replaceAll("\\p{P}", "");
            default -> Normalizer.normalize(out, Normalizer.Form.NFKC);
          };
    }
    return out;
  }

  private static BigDecimal number(String text) {
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
