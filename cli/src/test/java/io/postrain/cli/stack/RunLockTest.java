package io.postrain.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

  @TempDir Path dir;

  @Test
  void aSecondStackOverARunInProgressIsRefusedUntilTheFirstEnds() {
    Path run = dir.resolve("run");
    RunLock first = RunLock.acquire(run);
    assertThat(run.resolve(RunLock.FILE)).exists();
    assertThatThrownBy(() -> RunLock.acquire(run))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another postrain stack is running over " + run)
        .hasMessageContaining("another --run-dir");
    first.close();
    RunLock.acquire(run).close();
  }

  @Test
  void aLocalStackOverALockedRunDirectoryStartsNothing() {
    try (RunLock held = RunLock.acquire(dir)) {
      StackOptions options = StackOptions.defaults(dir).withRunDir(dir).withAnyPorts();
      assertThatThrownBy(() -> LocalStack.start(options, System.err))
          .hasMessageContaining("another postrain stack is running over " + dir);
      assertThat(dir.resolve("kafka")).doesNotExist();
    }
  }
}
