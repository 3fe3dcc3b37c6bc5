package io.postrain.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

  private static final RestartPolicy POLICY =
      new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60), 5);

  @Test
  void fastFailuresDoubleTheWaitUpToTheCapThenGiveUp() {
    List<String> decisions = new ArrayList<>();
    int fast = 0;
    for (int i = 0; i < 5; i++) {
      RestartPolicy.Decision d = POLICY.afterExit(fast, Duration.ofSeconds(3));
      decisions.add(d.giveUp() ? "give up" : d.delay().toMillis() + " ms");
      fast = d.fastFailures();
    }
    // 1 s, 2 s, 4 s, then 8 s capped to 5 s; the 5th fast failure in a row gives up.
    assertThat(decisions).containsExactly("1000 ms", "2000 ms", "4000 ms", "5000 ms", "give up");
    assertThat(fast).isEqualTo(5);
  }

  @Test
  void aChildThatStayedUpStartsTheCountAgain() {
    RestartPolicy.Decision d = POLICY.afterExit(4, Duration.ofSeconds(60));
    assertThat(d.giveUp()).isFalse();
    assertThat(d.fastFailures()).isZero();
    assertThat(d.delay()).isEqualTo(Duration.ofSeconds(1));
    // One second short of stable: still fast, and the 5th in a row.
    assertThat(POLICY.afterExit(4, Duration.ofSeconds(59)).giveUp()).isTrue();
  }

  @Test
  void defaultIsOneSecondDoublingToThirtyAndFiveTries() {
    RestartPolicy p = RestartPolicy.DEFAULT;
    assertThat(p.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delay(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(p.delay(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.delay(1000)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.maxFastFailures()).isEqualTo(5);
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(
            () -> new RestartPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 1))
        .hasMessage("initialDelay must be > 0, got PT0S");
    assertThatThrownBy(
            () ->
                new RestartPolicy(
                    Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1), 1))
        .hasMessage("maxDelay must be >= initialDelay (PT2S), got PT1S");
    assertThatThrownBy(
            () ->
                new RestartPolicy(
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
        .hasMessage("maxFastFailures must be >= 1, got 0");
  }
}
