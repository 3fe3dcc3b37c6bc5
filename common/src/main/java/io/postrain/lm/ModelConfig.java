package io.postrain.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.lm.checkpoint.CheckpointException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The architecture of a decoder-only checkpoint, read from a Hugging Face {@code config.json}.
 *
 * <p>Dimensions: V = vocabSize, D = hiddenSize, F = intermediateSize, L = numHiddenLayers, H =
 * numAttentionHeads, KV = numKeyValueHeads, hd = headDim.
 *
 * <p>Supported layouts: {@code qwen3} (per-head {@code q_norm}/{@code k_norm}, optional attention
 * bias), {@code qwen2} (q/k/v biases always present, no o_proj bias) and {@code llama} (biases from
 * {@code attention_bias} and {@code mlp_bias}).
 *
 * @param ropeScaling the {@code rope_scaling} object, or null; only null, "default" and "llama3"
 *     are supported by the decoder
 */
public record ModelConfig(
    String modelType,
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int headDim,
    double rmsNormEps,
    double ropeTheta,
    boolean tieWordEmbeddings,
    boolean attentionBias,
    boolean mlpBias,
    int maxPositionEmbeddings,
    List<Integer> eosTokenIds,
    Integer bosTokenId,
    String torchDtype,
    Map<String, Object> ropeScaling) {

  /** The {@code model_type} values this engine implements. */
  public static final Set<String> SUPPORTED_TYPES = Set.of("qwen3", "qwen2", "llama");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ModelConfig {
    if (!SUPPORTED_TYPES.contains(modelType)) {
      throw new CheckpointException(
          "unsupported model_type '" + modelType + "': accepted are qwen3, qwen2, llama");
    }
    requirePositive("vocab_size", vocabSize);
    requirePositive("hidden_size", hiddenSize);
    requirePositive("intermediate_size", intermediateSize);
    requirePositive("num_hidden_layers", numHiddenLayers);
    requirePositive("num_attention_heads", numAttentionHeads);
    requirePositive("num_key_value_heads", numKeyValueHeads);
    requirePositive("head_dim", headDim);
    requirePositive("max_position_embeddings", maxPositionEmbeddings);
    if (numAttentionHeads % numKeyValueHeads != 0) {
      throw new CheckpointException(
          "num_attention_heads ("
              + numAttentionHeads
              + ") must be a multiple of num_key_value_heads ("
              + numKeyValueHeads
              + ")");
    }
    if (!(rmsNormEps > 0)) {
      throw new CheckpointException("rms_norm_eps must be > 0, got " + rmsNormEps);
    }
    if (!(ropeTheta > 0)) {
      throw new CheckpointException("rope_theta must be > 0, got " + ropeTheta);
    }
    eosTokenIds = List.copyOf(eosTokenIds);
    if (ropeScaling != null) {
      Object type = ropeScaling.getOrDefault("rope_type", ropeScaling.get("type"));
      if (type != null && !"default".equals(type) && !"llama3".equals(type)) {
        throw new CheckpointException(
            "unsupported rope_scaling type '" + type + "': accepted are none, default, llama3");
      }
      ropeScaling = Map.copyOf(ropeScaling);
    }
  }

  /** Reads {@code config.json} from a checkpoint directory (or the file itself). */
  public static ModelConfig read(Path dirOrFile) {
    Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve("config.json") : dirOrFile;
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException("no config.json in " + dirOrFile);
    }
    try {
      return fromJson(JSON.readTree(file.toFile()), file.toString());
    } catch (IOException e) {
      throw new CheckpointException(file + " is not valid JSON: " + e.getMessage());
    }
  }

  /** Builds a config from the parsed {@code config.json}; {@code source} names it in errors. */
  @SuppressWarnings("unchecked")
  public static ModelConfig fromJson(JsonNode json, String source) {
    String type = json.path("model_type").asText("");
    if (type.isEmpty()) {
      throw new CheckpointException(source + ": missing 'model_type'");
    }
    if (!SUPPORTED_TYPES.contains(type)) {
      throw new CheckpointException(
          source + ": unsupported model_type '" + type + "': accepted are qwen3, qwen2, llama");
    }
    int hidden = requiredInt(json, "hidden_size", source);
    int heads = requiredInt(json, "num_attention_heads", source);
    List<Integer> eos = new ArrayList<>();
    JsonNode eosNode = json.path("eos_token_id");
    if (eosNode.isArray()) {
      eosNode.forEach(n -> eos.add(n.asInt()));
    } else if (eosNode.isNumber()) {
      eos.add(eosNode.asInt());
    }
    JsonNode bos = json.path("bos_token_id");
    JsonNode scaling = json.path("rope_scaling");
    try {
      return new ModelConfig(
          type,
          requiredInt(json, "vocab_size", source),
          hidden,
          requiredInt(json, "intermediate_size", source),
          requiredInt(json, "num_hidden_layers", source),
          heads,
          json.path("num_key_value_heads").asInt(heads),
          json.hasNonNull("head_dim") ? json.get("head_dim").asInt() : hidden / heads,
          json.path("rms_norm_eps").asDouble(1e-6),
          json.path("rope_theta").asDouble(10000.0),
          json.path("tie_word_embeddings").asBoolean(false),
          json.path("attention_bias").asBoolean(false),
          json.path("mlp_bias").asBoolean(false),
          json.path("max_position_embeddings").asInt(32768),
          eos,
          bos.isNumber() ? bos.asInt() : null,
          json.path("torch_dtype").asText(json.path("dtype").asText("float32")),
          scaling.isObject() ? JSON.convertValue(scaling, Map.class) : null);
    } catch (CheckpointException e) {
      throw new CheckpointException(source + ": " + e.getMessage());
    }
  }

  /** Whether q_proj, k_proj and v_proj carry a bias (always for Qwen2). */
  public boolean qkvBias() {
    return modelType.equals("qwen2") || attentionBias;
  }

  /** Whether o_proj carries a bias (never for Qwen2). */
  public boolean outputBias() {
    return !modelType.equals("qwen2") && attentionBias;
  }

  /** Whether each attention head normalises its queries and keys (Qwen3's q_norm/k_norm). */
  public boolean qkNorm() {
    return modelType.equals("qwen3");
  }

  /** The transformers class name written into {@code architectures}. */
  public String architecture() {
    return switch (modelType) {
      case "qwen3" -> "Qwen3ForCausalLM";
      case "qwen2" -> "Qwen2ForCausalLM";
      default -> "LlamaForCausalLM";
    };
  }

  /**
   * Every tensor a checkpoint of this architecture holds, by Hugging Face name, with its shape, in
   * the order transformers writes them.
   */
  public Map<String, long[]> tensorShapes() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    long d = hiddenSize;
    long q = (long) numAttentionHeads * headDim;
    long kv = (long) numKeyValueHeads * headDim;
    long f = intermediateSize;
    shapes.put("model.embed_tokens.weight", new long[] {vocabSize, d});
    for (int i = 0; i < numHiddenLayers; i++) {
      String p = "model.layers." + i + ".";
      shapes.put(p + "input_layernorm.weight", new long[] {d});
      shapes.put(p + "self_attn.q_proj.weight", new long[] {q, d});
      shapes.put(p + "self_attn.k_proj.weight", new long[] {kv, d});
      shapes.put(p + "self_attn.v_proj.weight", new long[] {kv, d});
      if (qkvBias()) {
        shapes.put(p + "self_attn.q_proj.bias", new long[] {q});
        shapes.put(p + "self_attn.k_proj.bias", new long[] {kv});
        shapes.put(p + "self_attn.v_proj.bias", new long[] {kv});
      }
      shapes.put(p + "self_attn.o_proj.weight", new long[] {d, q});
      if (outputBias()) {
        shapes.put(p + "self_attn.o_proj.bias", new long[] {d});
      }
      if (qkNorm()) {
        shapes.put(p + "self_attn.q_norm.weight", new long[] {headDim});
        shapes.put(p + "self_attn.k_norm.weight", new long[] {headDim});
      }
      shapes.put(p + "post_attention_layernorm.weight", new long[] {d});
      shapes.put(p + "mlp.gate_proj.weight", new long[] {f, d});
      shapes.put(p + "mlp.up_proj.weight", new long[] {f, d});
      shapes.put(p + "mlp.down_proj.weight", new long[] {d, f});
      if (mlpBias) {
        shapes.put(p + "mlp.gate_proj.bias", new long[] {f});
        shapes.put(p + "mlp.up_proj.bias", new long[] {f});
        shapes.put(p + "mlp.down_proj.bias", new long[] {d});
      }
    }
    shapes.put("model.norm.weight", new long[] {d});
    if (!tieWordEmbeddings) {
      shapes.put("lm_head.weight", new long[] {vocabSize, d});
    }
    return shapes;
  }

  /** Number of parameters (tied embeddings counted once). */
  public long parameterCount() {
    long n = 0;
    for (long[] shape : tensorShapes().values()) {
      long size = 1;
      for (long s : shape) {
        size *= s;
      }
      n += size;
    }
    return n;
  }

  /** The {@code config.json} transformers would write for this architecture. */
  public ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.putArray("architectures").add(architecture());
    o.put("model_type", modelType);
    o.put("vocab_size", vocabSize);
    o.put("hidden_size", hiddenSize);
    o.put("intermediate_size", intermediateSize);
    o.put("num_hidden_layers", numHiddenLayers);
    o.put("num_attention_heads", numAttentionHeads);
    o.put("num_key_value_heads", numKeyValueHeads);
    o.put("head_dim", headDim);
    o.put("hidden_act", "silu");
    o.put("rms_norm_eps", rmsNormEps);
    o.put("rope_theta", ropeTheta);
    o.put("tie_word_embeddings", tieWordEmbeddings);
    o.put("attention_bias", attentionBias);
    if (modelType.equals("llama")) {
      o.put("mlp_bias", mlpBias);
    }
    o.put("max_position_embeddings", maxPositionEmbeddings);
    if (eosTokenIds.size() == 1) {
      o.put("eos_token_id", eosTokenIds.get(0));
    } else {
      ArrayNode eos = o.putArray("eos_token_id");
      eosTokenIds.forEach(eos::add);
    }
    if (bosTokenId != null) {
      o.put("bos_token_id", bosTokenId);
    }
    o.put("torch_dtype", torchDtype);
    o.set("rope_scaling", ropeScaling == null ? null : JSON.valueToTree(ropeScaling));
    o.put("use_cache", true);
    return o;
  }

  /** Writes {@code config.json} into {@code dir}. */
  public void write(Path dir) {
    try {
      Files.createDirectories(dir);
      JSON.writeValue(dir.resolve("config.json").toFile(), toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write config.json to " + dir, e);
    }
  }

  /** A copy with another dtype recorded in {@code torch_dtype}. */
  public ModelConfig withTorchDtype(String dtype) {
    return new ModelConfig(
        modelType,
        vocabSize,
        hiddenSize,
        intermediateSize,
        numHiddenLayers,
        numAttentionHeads,
        numKeyValueHeads,
        headDim,
        rmsNormEps,
        ropeTheta,
        tieWordEmbeddings,
        attentionBias,
        mlpBias,
        maxPositionEmbeddings,
        eosTokenIds,
        bosTokenId,
        dtype,
        ropeScaling);
  }

  private static int requiredInt(JsonNode json, String field, String source) {
    JsonNode n = json.get(field);
    if (n == null || !n.canConvertToInt()) {
      throw new CheckpointException(source + ": missing or non-integer '" + field + "'");
    }
    return n.asInt();
  }

  private static void requirePositive(String field, int value) {
    if (value <= 0) {
      throw new CheckpointException(field + " must be > 0, got " + value);
    }
  }
}
