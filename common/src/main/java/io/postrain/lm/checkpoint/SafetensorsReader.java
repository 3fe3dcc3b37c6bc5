package io.postrain.lm.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Reads tensors of one safetensors file as f32, memory-mapped tensor by tensor, so files and
 * tensors over 2 GB work. F16 and BF16 are widened in Java; DJL's bf16 type and {@code
 * NDList.decode} are never used (the first aborts the JVM, the second holds the file in one array).
 *
 * <p>Not thread-safe: one reader per thread. Arrays are built through a reused direct staging
 * buffer and then copied into memory that libtorch owns, so closing an array frees it at once (a
 * direct buffer would wait for the GC).
 */
public final class SafetensorsReader implements AutoCloseable {

  /** Largest f32 chunk staged at once: tensors above it are built from pieces. */
  static final long DEFAULT_CHUNK_BYTES = 1L << 30;

  private final SafetensorsHeader header;
  private final FileChannel channel;
  private final long chunkBytes;
  private ByteBuffer staging;

  private SafetensorsReader(SafetensorsHeader header, FileChannel channel, long chunkBytes) {
    this.header = header;
    this.channel = channel;
    this.chunkBytes = chunkBytes;
  }

  /** Opens {@code file} and validates its header; no tensor data is read yet. */
  public static SafetensorsReader open(Path file) {
    return open(file, DEFAULT_CHUNK_BYTES);
  }

  /** Opens with a custom chunk size (tests use a tiny one to exercise the chunked path). */
  static SafetensorsReader open(Path file, long chunkBytes) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new CheckpointException(file + ": cannot open: " + e.getMessage(), e);
    }
    try {
      return new SafetensorsReader(SafetensorsHeader.read(file, channel), channel, chunkBytes);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel, e);
      if (e instanceof IOException io) {
        throw new CheckpointException(file + ": cannot read header: " + io.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  /** The file this reader reads. */
  public Path file() {
    return header.file();
  }

  /** The validated header. */
  public SafetensorsHeader header() {
    return header;
  }

  /** The tensors in header order. */
  public Map<String, SafetensorsEntry> tensors() {
    return header.entries();
  }

  /** The {@code __metadata__} strings, empty when absent. */
  public Map<String, String> metadata() {
    return header.metadata();
  }

  /** Reads one tensor widened to f32, in row-major order (for tests and small tensors). */
  public float[] readFloats(String name) {
    SafetensorsEntry entry = entry(name);
    long count = entry.elementCount();
    if (count > Integer.MAX_VALUE - 8) {
      throw new CheckpointException(
          file() + ": tensor '" + name + "' has " + count + " elements, too many for a float[]");
    }
    float[] out = new float[(int) count];
    FloatBuffer target = FloatBuffer.wrap(out);
    long step = Math.max(1, chunkBytes / 4);
    for (long first = 0; first < count; first += step) {
      widen(entry, first, (int) Math.min(step, count - first), target);
    }
    return out;
  }

  /**
   * Reads one tensor as an f32 array owned by {@code manager}, whatever the stored dtype. A tensor
   * whose f32 form exceeds the chunk size is assembled from flat pieces.
   */
  public NDArray read(String name, NDManager manager) {
    SafetensorsEntry entry = entry(name);
    long count = entry.elementCount();
    Shape shape = new Shape(entry.shape());
    long step = Math.max(1, chunkBytes / 4);
    if (count <= step) {
      NDArray array = piece(entry, 0, (int) count, shape, manager);
      array.setName(name);
      return array;
    }
    NDList pieces = new NDList();
    try {
      for (long first = 0; first < count; first += step) {
        int n = (int) Math.min(step, count - first);
        pieces.add(piece(entry, first, n, new Shape(n), manager));
      }
      try (NDArray flat = NDArrays.concat(pieces, 0); // (count,)
          NDArray shaped = flat.reshape(shape)) {
        NDArray array = shaped.duplicate();
        array.setName(name);
        return array;
      }
    } finally {
      pieces.close();
    }
  }

  /** Builds one libtorch-owned f32 array from {@code count} elements starting at {@code first}. */
  private NDArray piece(
      SafetensorsEntry entry, long first, int count, Shape shape, NDManager manager) {
    ByteBuffer buffer = staging((long) count * 4);
    widen(entry, first, count, buffer.asFloatBuffer());
    try (NDArray view = manager.create(buffer, shape, DataType.FLOAT32)) {
      return view.duplicate();
    }
  }

  private ByteBuffer staging(long bytes) {
    if (staging == null || staging.capacity() < bytes) {
      staging = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }
    staging.clear().limit((int) bytes);
    return staging;
  }

  /** Maps the bytes of elements [first, first + count) and writes them widened into target. */
  private void widen(SafetensorsEntry entry, long first, int count, FloatBuffer target) {
    if (count == 0) {
      return;
    }
    int size = entry.dtype().byteSize();
    long position = header.dataStart() + entry.begin() + first * size;
    MappedByteBuffer mapped;
    try {
      mapped = channel.map(FileChannel.MapMode.READ_ONLY, position, (long) count * size);
    } catch (IOException e) {
      throw new UncheckedIOException(file() + ": cannot map tensor '" + entry.name() + "'", e);
    }
    mapped.order(ByteOrder.LITTLE_ENDIAN);
    switch (entry.dtype()) {
      case F32 -> target.put(mapped.asFloatBuffer());
      case BF16 -> {
        ShortBuffer in = mapped.asShortBuffer();
        for (int i = 0; i < count; i++) {
          target.put(SafetensorsDtype.bf16ToFloat(in.get(i)));
        }
      }
      case F16 -> {
        ShortBuffer in = mapped.asShortBuffer();
        for (int i = 0; i < count; i++) {
          target.put(SafetensorsDtype.f16ToFloat(in.get(i)));
        }
      }
    }
  }

  private SafetensorsEntry entry(String name) {
    SafetensorsEntry entry = header.entries().get(name);
    if (entry == null) {
      throw new CheckpointException(file() + ": no tensor '" + name + "' in this file");
    }
    return entry;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file(), e);
    }
  }

  private static void closeQuietly(FileChannel channel, Exception primary) {
    try {
      channel.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }
}
