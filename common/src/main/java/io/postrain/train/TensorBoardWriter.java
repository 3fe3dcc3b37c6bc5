package io.postrain.train;

import io.postrain.events.Names;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes scalar metrics as a TensorBoard event file, {@code events.out.tfevents.<unix
 * seconds>.<hostname>} in the logging directory, so {@code tensorboard --logdir <dir>} shows the
 * curves. Each run (a resumed one too) opens a new file; TensorBoard merges the files of a
 * directory by step.
 *
 * <p>The file is a TFRecord stream: per record a little-endian uint64 length, the masked CRC32C of
 * those 8 bytes, the data, the masked CRC32C of the data. Each record is one {@code
 * tensorflow.Event} protobuf, encoded by hand: {@code wall_time} (double, field 1), {@code step}
 * (int64, field 2), then either {@code file_version} (string, field 3; {@code "brain.Event:2"} in
 * the first record) or {@code summary} (field 5), a {@code Summary} of repeated {@code value}
 * (field 1), each {@code tag} (string, field 1) and {@code simple_value} (float, field 2).
 */
final class TensorBoardWriter implements AutoCloseable {

  /** The file name prefix TensorBoard looks for. */
  static final String FILE_PREFIX = "events.out.tfevents.";

  /** The {@code file_version} of the first record, as TensorFlow writes it. */
  static final String FILE_VERSION = "brain.Event:2";

  private static final int MASK_DELTA = 0xa282ead8;

  private final Path file;
  private final OutputStream out;

  private TensorBoardWriter(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Creates {@code outputDir/loggingDir} (which must stay inside {@code outputDir}) and a new event
   * file in it, whose first record carries the file version.
   */
  static TensorBoardWriter open(Path outputDir, String loggingDir) {
    Path dir = Names.checkInside(outputDir, Path.of(loggingDir));
    long seconds = System.currentTimeMillis() / 1000;
    String name = FILE_PREFIX + seconds + "." + hostname();
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      // Two runs started in the same second (a quick resume): a suffix keeps the first file.
      for (int n = 1; Files.exists(file); n++) {
        file = dir.resolve(name + "." + n);
      }
      OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
      TensorBoardWriter writer = new TensorBoardWriter(file, out);
      ByteArrayOutputStream event = header(0);
      field(event, 3, FILE_VERSION.getBytes(StandardCharsets.UTF_8));
      writer.record(event.toByteArray());
      return writer;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a TensorBoard event file in " + dir, e);
    }
  }

  /** The event file being written. */
  Path file() {
    return file;
  }

  /** One event at {@code step} with every metric as a scalar (float, as TensorBoard keeps it). */
  void scalars(int step, Map<String, Double> metrics) {
    ByteArrayOutputStream summary = new ByteArrayOutputStream();
    metrics.forEach(
        (tag, value) -> {
          ByteArrayOutputStream v = new ByteArrayOutputStream();
          field(v, 1, tag.getBytes(StandardCharsets.UTF_8));
          v.write(2 << 3 | 5); // field 2, fixed 32 bits
          v.writeBytes(littleEndian(4).putFloat(value.floatValue()).array());
          field(summary, 1, v.toByteArray());
        });
    ByteArrayOutputStream event = header(step);
    field(event, 5, summary.toByteArray());
    try {
      record(event.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }

  /** Frames {@code data} as one TFRecord and flushes it, so a killed run keeps its curves. */
  private void record(byte[] data) throws IOException {
    byte[] length = littleEndian(8).putLong(data.length).array();
    out.write(length);
    out.write(littleEndian(4).putInt(maskedCrc(length)).array());
    out.write(data);
    out.write(littleEndian(4).putInt(maskedCrc(data)).array());
    out.flush();
  }

  /** {@code wall_time} (seconds, double) and {@code step}. */
  private static ByteArrayOutputStream header(long step) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(1 << 3 | 1); // field 1, fixed 64 bits
    b.writeBytes(littleEndian(8).putDouble(System.currentTimeMillis() / 1000.0).array());
    b.write(2 << 3); // field 2, varint
    varint(b, step);
    return b;
  }

  /** A length-delimited field (wire type 2): string, bytes or an embedded message. */
  private static void field(ByteArrayOutputStream b, int number, byte[] bytes) {
    b.write(number << 3 | 2);
    varint(b, bytes.length);
    b.writeBytes(bytes);
  }

  private static void varint(ByteArrayOutputStream b, long v) {
    while ((v & ~0x7FL) != 0) {
      b.write((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b.write((int) v);
  }

  /** TFRecord's CRC: CRC32C rotated right by 15 bits plus a constant. */
  static int maskedCrc(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  private static ByteBuffer littleEndian(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
    } catch (UnknownHostException e) {
      // The name is only a label in the file name; TensorBoard does not read it.
      return "localhost";
    }
  }
}
