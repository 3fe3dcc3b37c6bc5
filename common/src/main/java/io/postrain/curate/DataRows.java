package io.postrain.curate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.data.DataFormat;
import io.postrain.data.DatasetFormatException;
import io.postrain.data.RowParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Streams a JSONL data set row by row (one row in memory at a time), in any TRL layout of {@link
 * DataFormat}. Unlike {@link io.postrain.data.JsonlReader}, a row that does not parse is handed on
 * as broken (so the linter and the filter can count it) rather than ending the read; only a file
 * whose first row fits no layout is an error.
 */
public final class DataRows {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DataRows() {}

  /**
   * Reads {@code file}, calling {@code sink} for every non-blank line.
   *
   * @return the layout, detected from the first row that fits one
   * @throws DatasetFormatException when the file has no row that fits a layout
   */
  public static DataFormat forEach(Path file, Consumer<DataRow> sink) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    DataFormat format = null;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode raw;
        try {
          raw = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
          sink.accept(
              new DataRow(lineNo, line, null, null, "invalid JSON: " + e.getOriginalMessage()));
          continue;
        }
        DataFormat rowFormat = DataFormat.detect(raw);
        if (format == null && rowFormat != null) {
          format = rowFormat;
        }
        sink.accept(parse(lineNo, line, raw, rowFormat, format));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e, e);
    }
    if (format == null) {
      throw new DatasetFormatException(
          file
              + ": no row fits a layout; accepted layouts:\n"
              + DataFormat.describe(java.util.EnumSet.allOf(DataFormat.class)));
    }
    return format;
  }

  private static DataRow parse(
      int lineNo, String line, JsonNode raw, DataFormat rowFormat, DataFormat fileFormat) {
    if (rowFormat == null || rowFormat != fileFormat) {
      String why =
          rowFormat == null
              ? "row fits no layout"
              : "row has the layout "
                  + rowFormat.layout()
                  + ", not the file's "
                  + fileFormat.layout();
      return new DataRow(lineNo, line, raw, null, why);
    }
    try {
      Object example =
          rowFormat.isSft() ? RowParser.sft(raw, rowFormat) : RowParser.preference(raw, rowFormat);
      return new DataRow(lineNo, line, raw, example, null);
    } catch (IllegalArgumentException e) {
      return new DataRow(lineNo, line, raw, null, e.getMessage());
    }
  }
}
