package io.postrain.lm.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated header of a safetensors file: an 8-byte little-endian length N, then N
 * bytes of JSON mapping each tensor name to {@code {dtype, shape, data_offsets}} plus an optional
 * {@code __metadata__} object of strings; the data section follows.
 *
 * <p>Validation: offsets lie inside the data section, each size equals product(shape) x dtype size,
 * and no two tensors overlap. A truncated file names the first tensor that does not fit.
 *
 * @param file the file, named in every error
 * @param entries the tensors in header order
 * @param metadata the {@code __metadata__} strings (empty when absent)
 * @param dataStart the absolute file position of the data section (8 + N)
 */
public record SafetensorsHeader(
    Path file,
    Map<String, SafetensorsEntry> entries,
    Map<String, String> metadata,
    long dataStart) {

  /** Headers above this size are refused (the safetensors library uses the same limit). */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  public SafetensorsHeader {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    metadata = Map.copyOf(metadata);
  }

  /** Reads and validates the header of {@code file} through an open channel. */
  public static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
    long fileSize = channel.size();
    if (fileSize < 8) {
      throw new CheckpointException(
          file
              + ": not a safetensors file ("
              + fileSize
              + " bytes, shorter than the 8-byte header length)");
    }
    ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, lengthBytes, 0, file);
    long headerLength = lengthBytes.flip().getLong();
    if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
      throw new CheckpointException(
          file
              + ": invalid safetensors header length "
              + headerLength
              + " (file has "
              + fileSize
              + " bytes; accepted is 1.."
              + Math.min(MAX_HEADER_BYTES, fileSize - 8)
              + ")");
    }
    ByteBuffer json = ByteBuffer.allocate((int) headerLength);
    readFully(channel, json, 8, file);
    JsonNode root;
    try {
      root = JSON.readTree(new String(json.array(), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new CheckpointException(
          file + ": safetensors header is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new CheckpointException(file + ": safetensors header must be a JSON object");
    }
    long dataStart = 8 + headerLength;
    return parse(file, root, dataStart, fileSize - dataStart);
  }

  private static SafetensorsHeader parse(
      Path file, JsonNode root, long dataStart, long dataLength) {
    Map<String, SafetensorsEntry> entries = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals("__metadata__")) {
        readMetadata(file, field.getValue(), metadata);
      } else {
        SafetensorsEntry entry = parseEntry(file, field.getKey(), field.getValue());
        if (entry.end() > dataLength) {
          throw new CheckpointException(
              file
                  + " is truncated or corrupt: tensor '"
                  + entry.name()
                  + "' needs bytes ["
                  + entry.begin()
                  + ", "
                  + entry.end()
                  + ") of the data section, which holds only "
                  + dataLength
                  + " bytes");
        }
        entries.put(entry.name(), entry);
      }
    }
    checkNoOverlap(file, entries);
    return new SafetensorsHeader(file, entries, metadata, dataStart);
  }

  private static SafetensorsEntry parseEntry(Path file, String name, JsonNode node) {
    String where = file + ": tensor '" + name + "'";
    if (!node.isObject()) {
      throw new CheckpointException(where + ": expected an object {dtype, shape, data_offsets}");
    }
    SafetensorsDtype dtype;
    try {
      dtype = SafetensorsDtype.fromHeader(node.path("dtype").asText(""));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(where + ": " + e.getMessage());
    }
    JsonNode shapeNode = node.path("shape");
    JsonNode offsets = node.path("data_offsets");
    if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
      throw new CheckpointException(
          where + ": needs 'shape' (array) and 'data_offsets' ([begin, end])");
    }
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
        throw new CheckpointException(where + ": shape " + shapeNode + " must hold integers >= 0");
      }
      shape[i] = d.asLong();
    }
    long begin = offsets.get(0).asLong(-1);
    long end = offsets.get(1).asLong(-1);
    if (!offsets.get(0).isIntegralNumber()
        || !offsets.get(1).isIntegralNumber()
        || begin < 0
        || end < begin) {
      throw new CheckpointException(
          where + ": data_offsets " + offsets + " must be integers with 0 <= begin <= end");
    }
    SafetensorsEntry entry = new SafetensorsEntry(name, dtype, shape, begin, end);
    long expected;
    try {
      expected = Math.multiplyExact(entry.elementCount(), dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new CheckpointException(where + ": shape " + entry.shapeText() + " is too large");
    }
    if (expected != entry.byteLength()) {
      throw new CheckpointException(
          where
              + ": data_offsets "
              + offsets
              + " span "
              + entry.byteLength()
              + " bytes but shape "
              + entry.shapeText()
              + " of "
              + dtype
              + " needs "
              + expected);
    }
    return entry;
  }

  private static void readMetadata(Path file, JsonNode node, Map<String, String> metadata) {
    if (!node.isObject()) {
      throw new CheckpointException(file + ": __metadata__ must be an object of strings");
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> m = it.next();
      if (!m.getValue().isTextual()) {
        throw new CheckpointException(
            file + ": __metadata__ value of '" + m.getKey() + "' must be a string");
      }
      metadata.put(m.getKey(), m.getValue().asText());
    }
  }

  private static void checkNoOverlap(Path file, Map<String, SafetensorsEntry> entries) {
    List<SafetensorsEntry> sorted = new ArrayList<>(entries.values());
    sorted.sort(
        Comparator.comparingLong(SafetensorsEntry::begin).thenComparingLong(SafetensorsEntry::end));
    SafetensorsEntry previous = null;
    for (SafetensorsEntry e : sorted) {
      if (previous != null && e.begin() < previous.end() && e.byteLength() > 0) {
        throw new CheckpointException(
            file
                + ": tensors '"
                + previous.name()
                + "' ["
                + previous.begin()
                + ", "
                + previous.end()
                + ") and '"
                + e.name()
                + "' ["
                + e.begin()
                + ", "
                + e.end()
                + ") overlap");
      }
      if (e.byteLength() > 0) {
        previous = e;
      }
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file)
      throws IOException {
    long pos = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, pos);
      if (n < 0) {
        throw new CheckpointException(file + ": unexpected end of file while reading the header");
      }
      pos += n;
    }
  }
}
