package io.postrain.lm.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes tensors to one safetensors file that Python's safetensors and transformers load: the
 * header lists tensors in the order they were added, carries {@code __metadata__ {"format":"pt"}}
 * and is padded with spaces so the data starts on an 8-byte boundary. Data is F32 or BF16 (rounded
 * to nearest even from f32). The file is written to a temporary sibling and moved into place, so a
 * crash never leaves a half-written file under the final name.
 *
 * <pre>{@code
 * new SafetensorsWriter(SafetensorsDtype.BF16).add("w", array).add("b", data, 4).write(file);
 * }</pre>
 */
public final class SafetensorsWriter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHUNK_ELEMENTS = 1 << 20;

  private final SafetensorsDtype dtype;
  private final List<Pending> tensors = new ArrayList<>();
  private final Set<String> names = new LinkedHashSet<>();

  /** A tensor waiting to be written: exactly one of {@code array} and {@code data} is set. */
  private record Pending(String name, long[] shape, long count, NDArray array, float[] data) {}

  /** A writer storing every tensor as {@code dtype} (F32 or BF16). */
  public SafetensorsWriter(SafetensorsDtype dtype) {
    if (dtype != SafetensorsDtype.F32 && dtype != SafetensorsDtype.BF16) {
      throw new IllegalArgumentException(
          "cannot write safetensors as " + dtype + ": accepted are F32, BF16");
    }
    this.dtype = dtype;
  }

  /** Adds an f32 array; its data is read when {@link #write} runs, so keep it open until then. */
  public SafetensorsWriter add(String name, NDArray array) {
    if (array.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException(
          "tensor '" + name + "' is " + array.getDataType() + ": accepted is float32");
    }
    long[] shape = array.getShape().getShape();
    return add(new Pending(name, shape, count(shape), array, null));
  }

  /** Adds row-major f32 data of the given shape. */
  public SafetensorsWriter add(String name, float[] data, long... shape) {
    long count = count(shape);
    if (count != data.length) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "' has "
              + data.length
              + " values but shape "
              + Arrays.toString(shape)
              + " needs "
              + count);
    }
    return add(new Pending(name, shape.clone(), count, null, data));
  }

  private SafetensorsWriter add(Pending pending) {
    if (pending.name().equals("__metadata__") || !names.add(pending.name())) {
      throw new IllegalArgumentException(
          "tensor name '" + pending.name() + "' is reserved or added twice");
    }
    tensors.add(pending);
    return this;
  }

  /** The number of data bytes the added tensors take in this writer's dtype. */
  public long dataBytes() {
    long total = 0;
    for (Pending p : tensors) {
      total += p.count() * dtype.byteSize();
    }
    return total;
  }

  /** Writes the file atomically (temporary sibling, then move); replaces an existing file. */
  public void write(Path file) {
    Path temp = null;
    try {
      temp = AtomicFiles.temporarySibling(file);
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        writeAll(out, header());
        for (Pending p : tensors) {
          writeData(out, p);
        }
        out.force(true);
      }
      AtomicFiles.moveIntoPlace(temp, file);
    } catch (IOException e) {
      UncheckedIOException failure = new UncheckedIOException("cannot write " + file, e);
      AtomicFiles.deleteAfterFailure(temp, failure);
      throw failure;
    } catch (RuntimeException e) {
      AtomicFiles.deleteAfterFailure(temp, e);
      throw e;
    }
  }

  /** The 8-byte length followed by the space-padded JSON header. */
  private ByteBuffer header() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Pending p : tensors) {
      ObjectNode t = root.putObject(p.name());
      t.put("dtype", dtype.name());
      Arrays.stream(p.shape()).forEach(t.putArray("shape")::add);
      long end = offset + p.count() * dtype.byteSize();
      t.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json = JSON.writeValueAsBytes(root);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer buffer = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(padded).put(json);
    while (buffer.hasRemaining()) {
      buffer.put((byte) ' ');
    }
    return buffer.flip();
  }

  private void writeData(FileChannel out, Pending p) throws IOException {
    ByteBuffer chunk =
        ByteBuffer.allocate((int) Math.min(p.count(), CHUNK_ELEMENTS) * dtype.byteSize())
            .order(ByteOrder.LITTLE_ENDIAN);
    for (long first = 0; first < p.count(); first += CHUNK_ELEMENTS) {
      int n = (int) Math.min(CHUNK_ELEMENTS, p.count() - first);
      FloatBuffer values = values(p, first, n);
      chunk.clear();
      for (int i = 0; i < n; i++) {
        float v = values.get(i);
        if (dtype == SafetensorsDtype.F32) {
          chunk.putFloat(v);
        } else {
          chunk.putShort(SafetensorsDtype.floatToBf16(v));
        }
      }
      writeAll(out, chunk.flip());
    }
  }

  /** Elements [first, first + n) of a pending tensor as f32. */
  private static FloatBuffer values(Pending p, long first, int n) {
    if (p.data() != null) {
      return FloatBuffer.wrap(p.data(), (int) first, n).slice();
    }
    if (p.count() <= CHUNK_ELEMENTS) {
      return p.array().toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
    try (NDArray flat = p.array().reshape(-1); // (count,)
        NDArray piece = flat.get(new NDIndex("{}:{}", first, first + n))) { // (n,)
      return piece.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
  }

  private static void writeAll(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  private static long count(long[] shape) {
    long n = 1;
    for (long s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, s);
    }
    return n;
  }
}
