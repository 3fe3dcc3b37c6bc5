package io.postrain.curate.filter;

import java.util.List;

/**
 * The settings of one filtering run (see {@link Filtering}); every bound is checked here.
 *
 * @param seed seeds the MinHash permutations and the tie-breaks of the diversity selection: the
 *     same seed on the same input keeps the same rows (default 0)
 * @param minLength shortest row kept, in the run's {@link io.postrain.curate.LengthMeasure} unit
 *     (tokens of the chat-templated row with a model, words without); default 1, at least 0
 * @param maxLength longest row kept in the same unit, or null for no bound; at least minLength
 * @param exactDuplicates drop rows whose normalised text (NFKC, lower case, whitespace collapsed)
 *     equals an earlier kept row's (default true)
 * @param nearDuplicates drop rows whose MinHash bands collide with an earlier kept row's, see
 *     {@link MinHash} (default true)
 * @param maxRepeatedLineFraction drop a row when, in one of its turns, more than this share of the
 *     non-blank lines repeat an earlier line of that turn; in [0, 1], 1 turns it off (default 0.3,
 *     Gopher's rule)
 * @param repeatedNgram n of the repeated word n-gram check, at least 2 (default 5)
 * @param maxRepeatedNgramFraction drop a row when, in one of its turns, more than this share of the
 *     words lie inside word n-grams that occur more than once in that turn; in [0, 1], 1 turns it
 *     off (default 0.3)
 * @param refusals phrases whose presence in the answer (SFT completion or chosen answer) drops the
 *     row, matched case-insensitively with typographic apostrophes folded; empty turns it off
 *     (default {@link Refusals#DEFAULTS})
 * @param targetSize keep at most this many rows, chosen for diversity by {@link
 *     DiversitySelection}; null keeps every row that passes the filters; at least 1
 */
public record FilterSettings(
    long seed,
    int minLength,
    Integer maxLength,
    boolean exactDuplicates,
    boolean nearDuplicates,
    double maxRepeatedLineFraction,
    int repeatedNgram,
    double maxRepeatedNgramFraction,
    List<String> refusals,
    Integer targetSize) {

  public FilterSettings {
    if (minLength < 0) {
      throw new BadSettingException("minLength", "minLength must be >= 0, got " + minLength);
    }
    if (maxLength != null && (maxLength < 1 || maxLength < minLength)) {
      throw new BadSettingException(
          "maxLength",
          "maxLength must be >= 1 and >= minLength (" + minLength + "), got " + maxLength);
    }
    fraction("maxRepeatedLineFraction", maxRepeatedLineFraction);
    fraction("maxRepeatedNgramFraction", maxRepeatedNgramFraction);
    if (repeatedNgram < 2) {
      throw new BadSettingException(
          "repeatedNgram", "repeatedNgram must be >= 2 words, got " + repeatedNgram);
    }
    if (refusals == null) {
      throw new BadSettingException("refusals", "refusals must be a list of phrases (may be [])");
    }
    for (String phrase : refusals) {
      if (phrase == null || phrase.isBlank()) {
        throw new BadSettingException("refusals", "refusals must not hold a blank phrase");
      }
    }
    refusals = List.copyOf(refusals);
    if (targetSize != null && targetSize < 1) {
      throw new BadSettingException(
          "targetSize", "targetSize must be >= 1 row (or absent), got " + targetSize);
    }
  }

  /** Every default: seed 0, length >= 1, all filters on, no target size. */
  public static FilterSettings defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds settings from the defaults; {@link #build} checks them. */
  public static final class Builder {
    private long seed;
    private int minLength = 1;
    private Integer maxLength;
    private boolean exactDuplicates = true;
    private boolean nearDuplicates = true;
    private double maxRepeatedLineFraction = 0.3;
    private int repeatedNgram = 5;
    private double maxRepeatedNgramFraction = 0.3;
    private List<String> refusals = Refusals.DEFAULTS;
    private Integer targetSize;

    private Builder() {}

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder minLength(int value) {
      minLength = value;
      return this;
    }

    public Builder maxLength(Integer value) {
      maxLength = value;
      return this;
    }

    public Builder exactDuplicates(boolean value) {
      exactDuplicates = value;
      return this;
    }

    public Builder nearDuplicates(boolean value) {
      nearDuplicates = value;
      return this;
    }

    public Builder maxRepeatedLineFraction(double value) {
      maxRepeatedLineFraction = value;
      return this;
    }

    public Builder repeatedNgram(int value) {
      repeatedNgram = value;
      return this;
    }

    public Builder maxRepeatedNgramFraction(double value) {
      maxRepeatedNgramFraction = value;
      return this;
    }

    public Builder refusals(List<String> value) {
      refusals = value;
      return this;
    }

    public Builder targetSize(Integer value) {
      targetSize = value;
      return this;
    }

    /**
     * @throws BadSettingException naming the first setting out of range
     */
    public FilterSettings build() {
      return new FilterSettings(
          seed,
          minLength,
          maxLength,
          exactDuplicates,
          nearDuplicates,
          maxRepeatedLineFraction,
          repeatedNgram,
          maxRepeatedNgramFraction,
          refusals,
          targetSize);
    }
  }

  private static void fraction(String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new BadSettingException(field, field + " must be in [0, 1], got " + value);
    }
  }
}
