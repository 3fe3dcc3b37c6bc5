package io.postrain.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void trainerLineHasStepMetricsSpeedAndEta() {
    String line =
        ProgressPrinter.line(
            "sft",
            20,
            1000,
            Map.of("loss", 1.23456, "other", 9.0),
            List.of("loss", "absent"),
            512.4,
            Duration.ofSeconds(125));
    assertThat(line).isEqualTo("[sft] step 20/1000  loss 1.235  512 tok/s  ETA 2m05s");
  }

  @Test
  void jobLineEstimatesTheRestFromTheSpeedSoFar() throws Exception {
    JsonNode job =
        JSON.readTree(
            "{\"step\":10,\"totalSteps\":40,\"lastMetrics\":{\"loss\":0.5,"
                + "\"rewards/margins\":2.0}}");
    // 10 steps took 20 s, so 30 more take 60 s.
    assertThat(JobFollower.line(job, Duration.ofSeconds(20)))
        .isEqualTo("[training] step 10/40  loss 0.5000  rewards/margins 2.000  ETA 1m00s");
  }

  @Test
  void findsAServedVersion() throws Exception {
    JsonNode list =
        JSON.readTree(
            "{\"data\":[{\"id\":\"qwen-tiny:base\",\"name\":\"qwen-tiny\",\"version\":\"base\"},"
                + "{\"id\":\"deep-qwen-tiny:v1\",\"name\":\"deep-qwen-tiny\",\"version\":\"v1\"}]}");
    assertThat(ServicePolling.find(list, "deep-qwen-tiny", "v1").path("id").asText())
        .isEqualTo("deep-qwen-tiny:v1");
    assertThat(ServicePolling.find(list, "deep-qwen-tiny", "v2")).isNull();
    assertThat(ServicePolling.find(list, "qwen-tiny", null)).isNotNull();
  }
}
