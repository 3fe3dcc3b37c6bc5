package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.lm.checkpoint.CheckpointException;
import io.postrain.lm.checkpoint.SafetensorsDtype;
import io.postrain.lm.checkpoint.SafetensorsReader;
import io.postrain.lm.checkpoint.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A LoRA adapter directory in PEFT's layout: {@code adapter_config.json} and {@code
 * adapter_model.safetensors} with keys {@code base_model.model.<module>.lora_A.weight} (r, in) and
 * {@code ...lora_B.weight} (out, r), loadable by {@code PeftModel.from_pretrained}.
 */
public final class LoraAdapterFiles {

  /** The adapter configuration file. */
  public static final String CONFIG_FILE = "adapter_config.json";

  /** The adapter weights file. */
  public static final String WEIGHTS_FILE = "adapter_model.safetensors";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LoraAdapterFiles() {}

  /**
   * Writes the adapter's config and f32 weights into {@code dir} (created if needed).
   *
   * @param baseModel recorded as {@code base_model_name_or_path}
   */
  public static void write(Path dir, LoraAdapter adapter, String baseModel) {
    LoraConfig lora = adapter.config();
    ObjectNode config = JSON.createObjectNode();
    config.put("peft_type", "LORA");
    config.put("task_type", "CAUSAL_LM");
    config.put("r", lora.r());
    config.put("lora_alpha", lora.alpha());
    config.put("lora_dropout", lora.dropout());
    ArrayNode modules = config.putArray("target_modules");
    lora.targetModules().forEach(modules::add);
    config.put("bias", "none");
    config.put("base_model_name_or_path", baseModel);
    config.put("inference_mode", true);
    config.put("fan_in_fan_out", false);
    config.put("use_rslora", false);
    config.put("use_dora", false);
    config.putNull("modules_to_save");
    config.put("init_lora_weights", true);
    SafetensorsWriter writer = new SafetensorsWriter(SafetensorsDtype.F32);
    adapter.parameters().forEach(writer::add);
    try {
      Files.createDirectories(dir);
      writer.write(dir.resolve(WEIGHTS_FILE));
      Files.writeString(dir.resolve(CONFIG_FILE), JSON.writeValueAsString(config));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the LoRA adapter to " + dir, e);
    }
  }

  /**
   * The LoRA settings of an adapter directory's {@code adapter_config.json}.
   *
   * @throws CheckpointException when the file is missing, not LoRA, or lacks r / target_modules
   */
  public static LoraConfig readConfig(Path dir) {
    Path file = dir.resolve(CONFIG_FILE);
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (!"LORA".equals(node.path("peft_type").asText())
          || !node.path("r").isInt()
          || !node.path("target_modules").isArray()) {
        throw new CheckpointException(
            file + ": expected a PEFT LoRA config with peft_type LORA, r and target_modules");
      }
      List<String> modules = new ArrayList<>();
      node.get("target_modules").forEach(m -> modules.add(m.asText()));
      return new LoraConfig(
          node.get("r").asInt(),
          node.path("lora_alpha").asDouble(node.get("r").asInt()),
          node.path("lora_dropout").asDouble(0.0),
          modules);
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Every tensor of {@code adapter_model.safetensors} as f32 arrays in {@code manager}. */
  public static Map<String, NDArray> readTensors(Path dir, NDManager manager) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    try (SafetensorsReader reader = SafetensorsReader.open(dir.resolve(WEIGHTS_FILE))) {
      for (String name : reader.tensors().keySet()) {
        out.put(name, reader.read(name, manager));
      }
    }
    return out;
  }
}
