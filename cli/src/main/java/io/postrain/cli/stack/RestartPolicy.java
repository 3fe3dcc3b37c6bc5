package io.postrain.cli.stack;

import java.time.Duration;
import java.util.Objects;

/**
 * When the supervisor restarts a child that exited on its own, and when it gives up.
 *
 * <p>A failure is <em>fast</em> when the child ran less than {@code stableAfter} (or never became
 * ready). The n-th fast failure in a row waits {@code initialDelay * 2^(n-1)}, at most {@code
 * maxDelay}; a child that stayed up {@code stableAfter} or longer starts the count again, so it
 * waits {@code initialDelay}. After {@code maxFastFailures} fast failures in a row the supervisor
 * gives up: a child that dies that often will not heal by waiting.
 *
 * @param initialDelay wait before the first restart, &gt; 0
 * @param maxDelay the longest wait, &gt;= initialDelay
 * @param stableAfter uptime after which a child counts as healthy again, &gt; 0
 * @param maxFastFailures fast failures in a row before giving up, &gt;= 1
 */
public record RestartPolicy(
    Duration initialDelay, Duration maxDelay, Duration stableAfter, int maxFastFailures) {

  /** 1 s, 2 s, 4 s ... 30 s; healthy again after 60 s up; give up after 5 fast failures. */
  public static final RestartPolicy DEFAULT =
      new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60), 5);

  public RestartPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(stableAfter, "stableAfter");
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initialDelay must be > 0, got " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay must be >= initialDelay (" + initialDelay + "), got " + maxDelay);
    }
    if (stableAfter.isNegative() || stableAfter.isZero()) {
      throw new IllegalArgumentException("stableAfter must be > 0, got " + stableAfter);
    }
    if (maxFastFailures < 1) {
      throw new IllegalArgumentException("maxFastFailures must be >= 1, got " + maxFastFailures);
    }
  }

  /**
   * What to do after an exit.
   *
   * @param giveUp whether to stop restarting
   * @param delay how long to wait before the restart (zero when giving up)
   * @param fastFailures fast failures in a row, this one included
   */
  public record Decision(boolean giveUp, Duration delay, int fastFailures) {}

  /**
   * The decision after a child exited.
   *
   * @param fastFailuresBefore fast failures in a row before this exit
   * @param uptime how long the child ran since it became ready (zero when it never did)
   */
  public Decision afterExit(int fastFailuresBefore, Duration uptime) {
    int fast = uptime.compareTo(stableAfter) >= 0 ? 0 : fastFailuresBefore + 1;
    if (fast >= maxFastFailures) {
      return new Decision(true, Duration.ZERO, fast);
    }
    return new Decision(false, delay(Math.max(fast, 1)), fast);
  }

  /** The wait before the restart that follows the {@code n}-th fast failure in a row (n >= 1). */
  Duration delay(int n) {
    // Capped before multiplying: 2^n overflows long millis well before n = 63.
    Duration delay = initialDelay;
    for (int i = 1; i < n && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
