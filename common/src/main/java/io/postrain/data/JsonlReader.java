package io.postrain.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads JSONL data sets: one JSON object per line, blank lines skipped. The layout ({@link
 * DataFormat}) is detected from the first row and every row is checked against it; a row that does
 * not fit, or a line that is not JSON, is a {@link DatasetFormatException} naming the file, the
 * 1-based line number and the accepted layouts.
 */
public final class JsonlReader {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonlReader() {}

  /** Reads an SFT data set (messages, ShareGPT, prompt-completion or text layout). */
  public static List<SftExample> readSft(Path file) {
    return read(file, DataFormat.SFT, RowParser::sft);
  }

  /** Reads a preference data set (explicit- or implicit-prompt layout). */
  public static List<PreferenceExample> readPreference(Path file) {
    return read(file, DataFormat.PREFERENCE_FORMATS, RowParser::preference);
  }

  /**
   * Reads a prompt-only data set (TRL's layout for online methods): one {@code {"prompt": text or
   * messages, ...}} object a line, blank lines skipped.
   *
   * @throws DatasetFormatException naming the file and line of a row that does not fit, or when the
   *     file holds no row
   */
  public static List<PromptExample> readPrompts(Path file) {
    List<String> lines = lines(file);
    List<PromptExample> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JsonNode row = parseJson(file, i + 1, lines.get(i));
      if (row == null || !row.isObject()) {
        throw new DatasetFormatException(
            file + " line " + (i + 1) + ": expected a JSON object with \"prompt\"");
      }
      try {
        out.add(RowParser.prompt(row));
      } catch (IllegalArgumentException e) {
        throw new DatasetFormatException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    if (out.isEmpty()) {
      throw new DatasetFormatException(file + ": no rows (the file is empty)");
    }
    return out;
  }

  /**
   * The layout of {@code file}, from its first non-blank row.
   *
   * @throws DatasetFormatException when the file is empty or its first row fits no layout
   */
  public static DataFormat detect(Path file) {
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        return detectRow(
            file, i + 1, parseJson(file, i + 1, lines.get(i)), EnumSet.allOf(DataFormat.class));
      }
    }
    throw new DatasetFormatException(file + ": no rows (the file is empty)");
  }

  private static <T> List<T> read(
      Path file, Set<DataFormat> accepted, BiFunction<JsonNode, DataFormat, T> parser) {
    List<String> lines = lines(file);
    List<T> out = new ArrayList<>();
    DataFormat format = null;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      int lineNo = i + 1;
      JsonNode row = parseJson(file, lineNo, lines.get(i));
      if (format == null) {
        format = detectRow(file, lineNo, row, accepted);
      } else if (DataFormat.detect(row) != format) {
        throw new DatasetFormatException(
            file
                + " line "
                + lineNo
                + ": row does not fit the file's layout "
                + format.layout()
                + " (detected from its first row); accepted layouts:\n"
                + DataFormat.describe(accepted));
      }
      try {
        T example = parser.apply(row, format);
        if (!out.isEmpty() && example.getClass() != out.get(0).getClass()) {
          throw new IllegalArgumentException(
              "row is "
                  + kind(example)
                  + " but the file's first row is "
                  + kind(out.get(0))
                  + "; a file holds one kind");
        }
        out.add(example);
      } catch (IllegalArgumentException e) {
        throw new DatasetFormatException(
            file
                + " line "
                + lineNo
                + ": "
                + e.getMessage()
                + "; accepted layouts:\n"
                + DataFormat.describe(accepted),
            e);
      }
    }
    if (format == null) {
      throw new DatasetFormatException(file + ": no rows (the file is empty)");
    }
    return out;
  }

  private static String kind(Object example) {
    return example instanceof SftExample.PlainText || example instanceof PreferenceExample.PlainText
        ? "plain text (strings)"
        : "conversational (message lists)";
  }

  private static DataFormat detectRow(
      Path file, int lineNo, JsonNode row, Set<DataFormat> accepted) {
    DataFormat format = DataFormat.detect(row);
    if (format == null || !accepted.contains(format)) {
      throw new DatasetFormatException(
          file
              + " line "
              + lineNo
              + ": row "
              + (format == null ? "fits no layout" : "has the layout " + format.layout())
              + "; accepted layouts:\n"
              + DataFormat.describe(accepted));
    }
    return format;
  }

  private static JsonNode parseJson(Path file, int lineNo, String line) {
    try {
      return MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new DatasetFormatException(
          file + " line " + lineNo + ": invalid JSON (" + e.getOriginalMessage() + ")", e);
    }
  }

  private static List<String> lines(Path file) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return reader.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read data set " + file, e);
    }
  }
}
