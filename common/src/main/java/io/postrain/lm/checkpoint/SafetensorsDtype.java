package io.postrain.lm.checkpoint;

import java.util.Locale;

/**
 * The floating-point element types this engine reads from and writes to safetensors files, with the
 * conversions to and from f32 done in Java (DJL's bf16 support aborts the JVM).
 */
public enum SafetensorsDtype {
  F32(4, "float32"),
  F16(2, "float16"),
  BF16(2, "bfloat16");

  private final int byteSize;
  private final String torchName;

  SafetensorsDtype(int byteSize, String torchName) {
    this.byteSize = byteSize;
    this.torchName = torchName;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** The name transformers records in {@code torch_dtype}: float32, float16 or bfloat16. */
  public String torchName() {
    return torchName;
  }

  /** Parses a safetensors header dtype ("F32", "F16", "BF16"). */
  public static SafetensorsDtype fromHeader(String name) {
    for (SafetensorsDtype d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported safetensors dtype '" + name + "': accepted are F32, F16, BF16");
  }

  /** Parses a {@code torch_dtype} value (float32, bfloat16, float16; "f32"/"bf16" also work). */
  public static SafetensorsDtype fromTorchName(String name) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "float32", "f32", "fp32" -> F32;
      case "bfloat16", "bf16" -> BF16;
      case "float16", "f16", "fp16", "half" -> F16;
      default ->
          throw new IllegalArgumentException(
              "unsupported dtype '" + name + "': accepted are float32, bfloat16, float16");
    };
  }

  /** Widens a bfloat16 bit pattern (the upper half of an f32) to f32. */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /**
   * Narrows an f32 to bfloat16 by rounding to nearest, ties to even, as PyTorch does; NaN stays a
   * (quiet) NaN of the same sign.
   */
  public static short floatToBf16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) ((bits >>> 16) | 0x0040);
    }
    int lsb = (bits >>> 16) & 1;
    return (short) ((bits + 0x7FFF + lsb) >>> 16);
  }

  /** Widens an IEEE 754 binary16 bit pattern to f32 (exact: every half is a float). */
  public static float f16ToFloat(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h >>> 15) << 31;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0) {
      // zero or subnormal: mantissa * 2^-24, exact in f32
      float magnitude = mantissa * 0x1p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    if (exponent == 0x1F) {
      // infinity (mantissa 0) or NaN (payload kept)
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }
}
