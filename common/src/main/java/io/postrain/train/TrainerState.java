package io.postrain.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.lm.checkpoint.CheckpointException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resumable state of a run, stored as {@code trainer_state.json} in each checkpoint (names as
 * transformers' TrainerState where one exists).
 *
 * @param globalStep optimizer steps completed
 * @param tokensSeen non-padding input tokens processed so far ({@code num_input_tokens_seen})
 * @param logHistory every logged metrics map so far, oldest first
 */
record TrainerState(int globalStep, long tokensSeen, List<Map<String, Object>> logHistory) {

  /** The file name inside a checkpoint. */
  static final String FILE = "trainer_state.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  TrainerState {
    logHistory = List.copyOf(logHistory);
  }

  /**
   * Writes the state with what a reader needs to understand it: the epoch, data position and seeds
   * (all derived from the step and the seed, see {@link DataOrder}) and the run's configuration.
   */
  void write(Path dir, RunInfo info) {
    ObjectNode node = JSON.createObjectNode();
    node.put("global_step", globalStep);
    node.put("epoch", info.epoch());
    node.put("max_steps", info.totalSteps());
    node.put("num_input_tokens_seen", tokensSeen);
    node.put("method", info.method());
    ObjectNode position = node.putObject("data_position");
    position.put("epoch", globalStep / info.updatesPerEpoch());
    position.put("step_in_epoch", globalStep % info.updatesPerEpoch());
    position.put("updates_per_epoch", info.updatesPerEpoch());
    ObjectNode rng = node.putObject("rng");
    rng.put("seed", info.seed());
    rng.put("data_order", "java.util.Random(seed + epoch) shuffle per epoch");
    rng.put("engine_seed_of_next_step", info.seed() + globalStep);
    node.set("config", parse(info.configJson()));
    node.set("lora", info.loraJson() == null ? null : parse(info.loraJson()));
    node.set("log_history", JSON.valueToTree(logHistory));
    try {
      Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
    }
  }

  /** Reads {@code trainer_state.json} of a checkpoint directory. */
  static TrainerState read(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (!node.path("global_step").canConvertToInt()) {
        throw new CheckpointException(file + ": no global_step");
      }
      List<Map<String, Object>> history =
          node.has("log_history")
              ? JSON.convertValue(node.get("log_history"), new TypeReference<>() {})
              : new ArrayList<>();
      return new TrainerState(
          node.get("global_step").asInt(), node.path("num_input_tokens_seen").asLong(), history);
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Facts of the run written beside the state (not needed to resume). */
  record RunInfo(
      String method,
      double epoch,
      int totalSteps,
      int updatesPerEpoch,
      long seed,
      String configJson,
      String loraJson) {}
}
