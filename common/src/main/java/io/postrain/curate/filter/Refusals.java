package io.postrain.curate.filter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Boilerplate and refusal phrases: an answer holding one teaches the model to refuse or to recite
 * another assistant's identity. Matching folds case and typographic apostrophes, nothing else.
 */
public final class Refusals {

  /**
   * The default phrases: the refusals and identity boilerplate that open SFT sets distilled from
   * chat assistants are known to carry.
   */
  public static final List<String> DEFAULTS =
      List.of(
          "as an ai language model",
          "as a language model",
          "as an ai assistant",
          "as an ai developed by",
          "i'm sorry, but i can't",
          "i'm sorry, but i cannot",
          "i am sorry, but i cannot",
          "i apologize, but i cannot",
          "i cannot fulfill",
          "i can't fulfill",
          "i cannot assist with",
          "i can't assist with",
          "i'm unable to help",
          "i am unable to provide",
          "i'm not able to provide",
          "i don't have personal opinions",
          "i do not have personal opinions",
          "my knowledge cutoff",
          "developed by openai",
          "trained by openai");

  private Refusals() {}

  /**
   * Reads phrases from a file: one per line, blank lines and lines starting with {@code #} skipped.
   *
   * @throws IllegalArgumentException when the file is missing or holds no phrase
   */
  public static List<String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--refusals " + file + ": no such file (expected one phrase per line)");
    }
    List<String> phrases;
    try {
      phrases =
          Files.readAllLines(file, StandardCharsets.UTF_8).stream()
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (phrases.isEmpty()) {
      throw new IllegalArgumentException(
          "--refusals " + file + " holds no phrase (one per line, # for comments)");
    }
    return phrases;
  }

  /** The text as matched: lower case (root locale), typographic apostrophes as {@code '}. */
  static String fold(String text) {
    return text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u2018', '\'');
  }

  /** The first of the (folded) phrases found in {@code text}, or null. */
  static String find(String text, List<String> foldedPhrases) {
    String folded = fold(text);
    for (String phrase : foldedPhrases) {
      if (folded.contains(phrase)) {
        return phrase;
      }
    }
    return null;
  }
}
