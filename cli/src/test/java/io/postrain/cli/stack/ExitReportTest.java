package io.postrain.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitReportTest {

  @TempDir Path dir;

  @Test
  void signalsAreNamedFromTheExitCode() {
    assertThat(ExitReport.describe(137)).isEqualTo("exit code 137 (killed by signal 9, SIGKILL)");
    assertThat(ExitReport.describe(143)).isEqualTo("exit code 143 (killed by signal 15, SIGTERM)");
    assertThat(ExitReport.describe(134)).isEqualTo("exit code 134 (killed by signal 6, SIGABRT)");
    assertThat(ExitReport.describe(140)).isEqualTo("exit code 140 (killed by signal 12)");
    assertThat(ExitReport.describe(1)).isEqualTo("exit code 1");
    assertThat(ExitReport.describe(128)).isEqualTo("exit code 128");
    assertThat(ExitReport.describe(255)).isEqualTo("exit code 255");
  }

  @Test
  void quotesTheLastTenLinesOfTheLogIndented() throws Exception {
    Path log = dir.resolve("curation-service.log");
    Files.writeString(
        log,
        IntStream.rangeClosed(1, 25).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));

    String report = ExitReport.of("curation-service", 4242, 137, log);

    String nl = System.lineSeparator();
    assertThat(report)
        .isEqualTo(
            "curation-service (pid 4242) exited unexpectedly with exit code 137 (killed by signal"
                + " 9, SIGKILL); last lines of "
                + log
                + ":"
                + nl
                + "  line 16"
                + nl
                + "  line 17"
                + nl
                + "  line 18"
                + nl
                + "  line 19"
                + nl
                + "  line 20"
                + nl
                + "  line 21"
                + nl
                + "  line 22"
                + nl
                + "  line 23"
                + nl
                + "  line 24"
                + nl
                + "  line 25");
  }

  @Test
  void aShortOrMissingLogIsQuotedAsItIs() throws Exception {
    Path log = Files.writeString(dir.resolve("short.log"), "only line\n");
    assertThat(ExitReport.of("Kafka broker", 1, 1, log))
        .endsWith(":" + System.lineSeparator() + "  only line");
    assertThat(ExitReport.of("Kafka broker", 1, 1, dir.resolve("gone.log")))
        .contains("  (log " + dir.resolve("gone.log") + " unreadable: ");
  }
}
