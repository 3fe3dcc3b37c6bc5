package io.postrain.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.lm.generate.Completion;
import io.postrain.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm client (version pinned in src/test/node/openai-client) against
 * the service: chat, n and seed, streaming with usage, stop, logprobs, tools, error types and
 * models; its answers are compared with the engine run directly. Needs Node 20 and npm, which
 * installs the client from the npm registry into target/openai-client on the first run.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TinyModelsResource.class)
class OpenAiClientTest {

  static final Path SOURCE = Path.of("src/test/node/openai-client");
  static final Path WORK = Path.of("target/openai-client");

  @TestHTTPResource("/v1")
  URL baseUrl;

  final HttpGenerateTest engine = new HttpGenerateTest();

  @BeforeEach
  void ready() throws IOException {
    Fixtures.awaitReady();
    engine.modelsDir =
        Path.of(
            org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("postrain.inference.models-dir", String.class));
    Files.createDirectories(WORK);
    for (String f : List.of("package.json", "package-lock.json", "client.mjs")) {
      Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static String run(List<String> command, long minutes, String baseUrl) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true);
    pb.environment().put("OPENAI_BASE_URL", baseUrl);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(minutes, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s exit code; output:%n%s", command, text).isZero();
    return text;
  }

  @Test
  void theOfficialClientWorksUnchanged() throws Exception {
    if (!Files.isDirectory(WORK.resolve("node_modules/openai"))) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), 5, "");
    }
    String output = run(List.of("node", "client.mjs"), 5, baseUrl.toString());
    assertThat(output)
        .contains("ok chat", "ok nAndSeed", "ok streamWithUsage", "ok stop", "ok logprobs")
        .contains("ok tools", "ok errors", "ok models");
    String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
    JsonNode result = HttpGenerateTest.readTree(line.substring("RESULT ".length()));
    Completion greedy = engine.reference(8, 0, 0, 1, 0, 1).get(0);
    assertThat(result.get("greedy").asText()).isEqualTo(greedy.text());
    List<Completion> seeded = engine.reference(9, 0.9, 0, 1, 5, 2);
    assertThat(result.get("seeded").get(0).asText()).isEqualTo(seeded.get(0).text());
    assertThat(result.get("seeded").get(1).asText()).isEqualTo(seeded.get(1).text());
  }
}
