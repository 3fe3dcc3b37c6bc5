package io.postrain.lm.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SafetensorsDtypeTest {

  private static float bf16(int bits) {
    return SafetensorsDtype.bf16ToFloat((short) bits);
  }

  private static float f16(int bits) {
    return SafetensorsDtype.f16ToFloat((short) bits);
  }

  @Test
  void bf16WidensHandComputedPatterns() {
    assertThat(bf16(0x3F80)).isEqualTo(1.0f);
    assertThat(bf16(0xC000)).isEqualTo(-2.0f);
    assertThat(bf16(0x4049)).isEqualTo(3.140625f); // 1.5703125 * 2
    assertThat(bf16(0x0080)).isEqualTo(0x1p-126f); // smallest normal
    assertThat(bf16(0x0001)).isEqualTo(0x1p-133f); // smallest subnormal
    assertThat(bf16(0x8000)).isEqualTo(-0.0f);
    assertThat(Float.floatToRawIntBits(bf16(0x8000))).isEqualTo(0x80000000);
    assertThat(bf16(0x7F80)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(bf16(0xFF80)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(bf16(0x7FC0)).isNaN();
    assertThat(bf16(0x7F7F)).isEqualTo(0x1.FEp127f); // largest finite bf16
  }

  @Test
  void f16WidensHandComputedPatterns() {
    assertThat(f16(0x3C00)).isEqualTo(1.0f);
    assertThat(f16(0xC000)).isEqualTo(-2.0f);
    assertThat(f16(0x7BFF)).isEqualTo(65504f);
    assertThat(f16(0x3555)).isEqualTo(0.333251953125f);
    assertThat(f16(0x0400)).isEqualTo(0x1p-14f); // smallest normal
    assertThat(f16(0x0001)).isEqualTo(0x1p-24f); // smallest subnormal
    assertThat(f16(0x03FF)).isEqualTo(1023 * 0x1p-24f); // largest subnormal
    assertThat(f16(0x8001)).isEqualTo(-0x1p-24f);
    assertThat(Float.floatToRawIntBits(f16(0x8000))).isEqualTo(0x80000000);
    assertThat(f16(0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(f16(0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(f16(0x7E00)).isNaN();
    assertThat(f16(0xFE01)).isNaN();
  }

  @Test
  void bf16RoundsToNearestEvenOnHandPickedValues() {
    // 1 + 2^-8 lies exactly between 1.0 (0x3F80) and 1 + 2^-7 (0x3F81): the even one wins.
    assertThat(SafetensorsDtype.floatToBf16(1 + 0x1p-8f)).isEqualTo((short) 0x3F80);
    // 1 + 3 * 2^-8 lies between 0x3F81 and 0x3F82: the even 0x3F82 wins.
    assertThat(SafetensorsDtype.floatToBf16(1 + 3 * 0x1p-8f)).isEqualTo((short) 0x3F82);
    // Just above the midpoint rounds up, just below rounds down.
    assertThat(SafetensorsDtype.floatToBf16(1 + 0x1p-8f + 0x1p-20f)).isEqualTo((short) 0x3F81);
    assertThat(SafetensorsDtype.floatToBf16(1 + 0x1p-8f - 0x1p-20f)).isEqualTo((short) 0x3F80);
    assertThat(SafetensorsDtype.floatToBf16(-2.0f)).isEqualTo((short) 0xC000);
    // The largest float rounds past the largest bf16 to infinity, as in PyTorch.
    assertThat(SafetensorsDtype.floatToBf16(Float.MAX_VALUE)).isEqualTo((short) 0x7F80);
    assertThat(SafetensorsDtype.floatToBf16(Float.NaN) & 0x7FC0).isEqualTo(0x7FC0);
  }

  @Test
  void bf16RoundingMatchesANaiveNearestEvenSearch() {
    float[] values = {0.1f, -0.3f, 3.14159265f, 1e-3f, 123456.78f, -7.77e-20f, 0.02f, 65504.5f};
    for (float v : values) {
      assertThat(SafetensorsDtype.floatToBf16(v)).as("bf16(%s)", v).isEqualTo(naiveBf16(v));
    }
  }

  /** Picks between the two neighbouring bf16 values by exact decimal distance, ties to even. */
  private static short naiveBf16(float v) {
    int truncated = Float.floatToRawIntBits(v) >>> 16;
    int next = truncated + 1;
    BigDecimal exact = new BigDecimal(v);
    BigDecimal down = new BigDecimal(Float.intBitsToFloat(truncated << 16));
    BigDecimal up = new BigDecimal(Float.intBitsToFloat(next << 16));
    int cmp = exact.subtract(down).abs().compareTo(up.subtract(exact).abs());
    if (cmp < 0 || (cmp == 0 && (truncated & 1) == 0)) {
      return (short) truncated;
    }
    return (short) next;
  }

  @Test
  void torchNamesAndHeaderNames() {
    assertThat(SafetensorsDtype.fromTorchName("bfloat16")).isEqualTo(SafetensorsDtype.BF16);
    assertThat(SafetensorsDtype.fromTorchName("float32")).isEqualTo(SafetensorsDtype.F32);
    assertThat(SafetensorsDtype.BF16.torchName()).isEqualTo("bfloat16");
    assertThatThrownBy(() -> SafetensorsDtype.fromTorchName("int8"))
        .hasMessageContaining("int8")
        .hasMessageContaining("float32, bfloat16");
    assertThatThrownBy(() -> SafetensorsDtype.fromHeader("I64"))
        .hasMessageContaining("I64")
        .hasMessageContaining("F32, F16, BF16");
  }
}
