package io.postrain.lm.checkpoint;

import java.util.Arrays;

/**
 * One tensor listed in a safetensors header.
 *
 * @param name the tensor name (Hugging Face naming)
 * @param dtype the element type stored in the file
 * @param shape the shape; an empty array is a scalar
 * @param begin the first byte of its data, relative to the start of the data section
 * @param end one past its last byte, relative to the start of the data section
 */
public record SafetensorsEntry(
    String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {

  public SafetensorsEntry {
    shape = shape.clone();
  }

  /** The shape (a copy). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The number of elements (the product of the shape). */
  public long elementCount() {
    long n = 1;
    for (long s : shape) {
      n = Math.multiplyExact(n, s);
    }
    return n;
  }

  /** The number of bytes the data occupies. */
  public long byteLength() {
    return end - begin;
  }

  /** The shape written like Python does, e.g. {@code [64, 272]}. */
  public String shapeText() {
    return Arrays.toString(shape);
  }
}
