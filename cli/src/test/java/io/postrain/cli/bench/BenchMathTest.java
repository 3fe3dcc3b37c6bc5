package io.postrain.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMathTest {

  @Test
  void mfuIsSixFlopsPerWeightAndTokenOverTheMatmulRate() {
    // 596e6 weights x 100 tokens/s x 6 = 357.6 GFLOP/s of model FLOPs; over 1000 GFLOP/s = 0.3576
    assertThat(BenchMath.trainingMfu(596_000_000L, 100.0, 1000.0)).isCloseTo(0.3576, within(1e-12));
    // 1e6 weights x 5 tokens/s x 6 = 3e7 FLOP/s over 1.5e10 FLOP/s = 0.002
    assertThat(BenchMath.trainingMfu(1_000_000L, 5.0, 15.0)).isCloseTo(0.002, within(1e-15));
  }

  @Test
  void mfuRefusesANonPositiveRate() {
    assertThatThrownBy(() -> BenchMath.trainingMfu(10, 1.0, 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matmul rate > 0");
  }

  @Test
  void percentilesByNearestRankOnTenValues() {
    double[] v = {70, 10, 100, 40, 20, 90, 30, 60, 80, 50}; // sorted: 10, 20, ..., 100
    // rank = ceil(p/100 * 10): p50 -> 5th = 50; p90 -> 9th = 90; p99 -> ceil(9.9) = 10th = 100
    assertThat(BenchMath.percentile(v, 50)).isEqualTo(50);
    assertThat(BenchMath.percentile(v, 90)).isEqualTo(90);
    assertThat(BenchMath.percentile(v, 99)).isEqualTo(100);
    assertThat(BenchMath.percentile(v, 100)).isEqualTo(100);
    assertThat(BenchMath.percentile(v, 1)).isEqualTo(10);
    assertThat(v[0]).as("input left unsorted").isEqualTo(70);
  }

  @Test
  void percentilesOnTwoHundredValues() {
    double[] v = new double[200];
    for (int i = 0; i < 200; i++) {
      v[i] = 200 - i; // 200, 199, ..., 1
    }
    // p50: rank 100 -> 100; p90: rank 180 -> 180; p99: rank 198 -> 198
    assertThat(BenchMath.percentile(v, 50)).isEqualTo(100);
    assertThat(BenchMath.percentile(v, 90)).isEqualTo(180);
    assertThat(BenchMath.percentile(v, 99)).isEqualTo(198);
  }

  @Test
  void percentileRefusesEmptySamplesAndBadP() {
    assertThatThrownBy(() -> BenchMath.percentile(new double[0], 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> BenchMath.percentile(new double[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(0, 100]");
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(BenchMath.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(BenchMath.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }

  @Test
  void procStatusKilobyteFieldsAreParsedToBytes() {
    List<String> status =
        List.of("Name:\tjava", "VmPeak:\t 9000 kB", "VmHWM:\t  123456 kB", "VmRSS:\t   100 kB");
    assertThat(ProcessMemory.parseKbField(status, "VmHWM:")).isEqualTo(123_456L * 1024);
    assertThat(ProcessMemory.parseKbField(status, "VmRSS:")).isEqualTo(100L * 1024);
    assertThat(ProcessMemory.parseKbField(status, "VmSwap:")).isEqualTo(-1);
  }

  @Test
  void thisProcessReportsAPeakAtLeastItsCurrentRss() {
    long rss = ProcessMemory.rssBytes();
    long peak = ProcessMemory.peakRssBytes();
    assertThat(rss).isPositive();
    assertThat(peak).isGreaterThanOrEqualTo(rss);
  }
}
