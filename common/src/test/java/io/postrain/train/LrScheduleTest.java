package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

  private static final double BASE = 1e-3;

  private static LrSchedule schedule(LrSchedulerType type) {
    TrainingConfig c =
        TrainingConfig.builder().learningRate(BASE).warmupRatio(0.25).lrSchedulerType(type).build();
    return LrSchedule.of(c, 10);
  }

  @Test
  void warmupStepsAreCeilOfRatioTimesTotal() {
    assertThat(schedule(LrSchedulerType.LINEAR).warmupSteps()).isEqualTo(3); // ceil(2.5)
    assertThat(LrSchedule.warmupSteps(0.1, 25)).isEqualTo(3); // ceil(2.5)
    assertThat(LrSchedule.warmupSteps(0.0, 25)).isEqualTo(0);
  }

  @Test
  void linear() {
    LrSchedule s = schedule(LrSchedulerType.LINEAR);
    assertThat(s.lr(0)).isEqualTo(0.0);
    assertThat(s.lr(1)).isCloseTo(BASE * 1 / 3, within(1e-15));
    assertThat(s.lr(2)).isCloseTo(BASE * 2 / 3, within(1e-15));
    assertThat(s.lr(3)).isCloseTo(BASE, within(1e-15)); // (10 - 3) / (10 - 3)
    assertThat(s.lr(5)).isCloseTo(BASE * 5 / 7, within(1e-15));
    assertThat(s.lr(9)).isCloseTo(BASE * 1 / 7, within(1e-15));
    assertThat(s.lr(10)).isEqualTo(0.0);
    assertThat(s.lr(12)).isEqualTo(0.0);
  }

  @Test
  void cosineHalfCycle() {
    LrSchedule s = schedule(LrSchedulerType.COSINE);
    assertThat(s.lr(1)).isCloseTo(BASE / 3, within(1e-15));
    assertThat(s.lr(3)).isCloseTo(BASE, within(1e-15));
    assertThat(s.lr(5)).isCloseTo(BASE * 0.5 * (1 + Math.cos(Math.PI * 2.0 / 7)), within(1e-15));
    assertThat(s.lr(10)).isCloseTo(0.0, within(1e-18));
  }

  @Test
  void constantIgnoresWarmupAndConstantWithWarmupDoesNot() {
    LrSchedule constant = schedule(LrSchedulerType.CONSTANT);
    assertThat(constant.lr(0)).isEqualTo(BASE);
    assertThat(constant.lr(9)).isEqualTo(BASE);
    LrSchedule warm = schedule(LrSchedulerType.CONSTANT_WITH_WARMUP);
    assertThat(warm.lr(0)).isEqualTo(0.0);
    assertThat(warm.lr(2)).isCloseTo(BASE * 2 / 3, within(1e-15));
    assertThat(warm.lr(3)).isEqualTo(BASE);
    assertThat(warm.lr(9)).isEqualTo(BASE);
  }

  @Test
  void noWarmupLinearStartsAtTheBaseRate() {
    LrSchedule s = LrSchedule.of(TrainingConfig.builder().learningRate(BASE).build(), 4);
    assertThat(s.lr(0)).isEqualTo(BASE);
    assertThat(s.lr(1)).isCloseTo(BASE * 3 / 4, within(1e-15));
  }
}
