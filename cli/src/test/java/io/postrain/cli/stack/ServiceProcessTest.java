package io.postrain.cli.stack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

  @TempDir Path dir;

  @Test
  void missingJarSaysHowToBuild() {
    Path jar = dir.resolve("nothing/quarkus-run.jar");
    assertThatThrownBy(() -> start(jar))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("trainer-service is not built: " + jar)
        .hasMessageContaining("./mvnw -B -DskipTests install");
  }

  @Test
  void serviceThatDiesIsReportedWithItsLog() throws Exception {
    Path jar = Files.writeString(dir.resolve("broken.jar"), "not a jar");
    try (ServiceProcess process = start(jar)) {
      assertThatThrownBy(() -> process.awaitReady(Duration.ofSeconds(60)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("trainer-service exited with code 1")
          .hasMessageContaining("last lines of " + dir.resolve("logs/trainer-service.log"))
          .hasMessageContaining("broken.jar");
    }
  }

  private ServiceProcess start(Path jar) {
    return ServiceProcess.start(
        StackService.TRAINER,
        jar,
        FreePorts.any(),
        "127.0.0.1:9",
        dir.resolve("data"),
        dir.resolve("logs/trainer-service.log"),
        Map.of());
  }
}
