package io.postrain.lm.checkpoint;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.lm.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a whole Hugging Face checkpoint directory: the weights ({@code model.safetensors}, or
 * shards {@code model-00001-of-0000N.safetensors} plus {@code model.safetensors.index.json}),
 * {@code generation_config.json}, the tokenizer files copied from a source directory, and {@code
 * config.json} last, so a directory holding a config.json is complete.
 *
 * <p>Weights are checked against {@link ModelConfig#tensorShapes()} and written in that order; with
 * tied embeddings a given {@code lm_head.weight} is skipped. Weight files from an earlier
 * checkpoint in the same directory that the new one does not use are removed.
 */
public final class CheckpointWriter {

  /** Tokenizer files copied from {@link Options#tokenizerSource()} when present there. */
  public static final List<String> TOKENIZER_FILES =
      List.of(
          "tokenizer.json",
          "tokenizer_config.json",
          "chat_template.jinja",
          "special_tokens_map.json",
          "vocab.json",
          "merges.txt");

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * How to write.
   *
   * @param dtype F32 or BF16; recorded as {@code torch_dtype} float32 or bfloat16
   * @param maxShardBytes split the weights into shards of at most this many bytes (a single tensor
   *     larger than it gets a shard of its own); 0 writes one {@code model.safetensors}
   * @param tokenizerSource a directory to copy tokenizer files from, or null for none
   */
  public record Options(SafetensorsDtype dtype, long maxShardBytes, Path tokenizerSource) {
    public Options {
      if (dtype != SafetensorsDtype.F32 && dtype != SafetensorsDtype.BF16) {
        throw new IllegalArgumentException(
            "cannot write checkpoints as " + dtype + ": accepted are F32, BF16");
      }
      if (maxShardBytes < 0) {
        throw new IllegalArgumentException("maxShardBytes must be >= 0, got " + maxShardBytes);
      }
    }

    /** One file, no tokenizer files. */
    public static Options of(SafetensorsDtype dtype) {
      return new Options(dtype, 0, null);
    }
  }

  private CheckpointWriter() {}

  /** Writes {@code weights} (f32 arrays by Hugging Face name) and the rest of the directory. */
  public static void write(
      Path dir, ModelConfig config, Map<String, NDArray> weights, Options options) {
    Map<String, long[]> shapes = config.tensorShapes();
    for (Map.Entry<String, NDArray> e : weights.entrySet()) {
      long[] expected = shapes.get(e.getKey());
      long[] actual = e.getValue().getShape().getShape();
      if (expected != null && !Arrays.equals(expected, actual)) {
        throw new IllegalArgumentException(
            "tensor '"
                + e.getKey()
                + "' has shape "
                + Arrays.toString(actual)
                + ", config expects "
                + Arrays.toString(expected));
      }
    }
    writeWith(dir, config, weights, options, SafetensorsWriter::add);
  }

  /** Writes {@code weights} given as row-major f32 data, shapes taken from {@code config}. */
  public static void writeFloats(
      Path dir, ModelConfig config, Map<String, float[]> weights, Options options) {
    Map<String, long[]> shapes = config.tensorShapes();
    writeWith(
        dir, config, weights, options, (w, name, data) -> w.add(name, data, shapes.get(name)));
  }

  /** Adds one tensor of type T to a safetensors writer. */
  private interface Adder<T> {
    void add(SafetensorsWriter writer, String name, T tensor);
  }

  private static <T> void writeWith(
      Path dir, ModelConfig config, Map<String, T> weights, Options options, Adder<T> adder) {
    long start = System.nanoTime();
    Map<String, long[]> shapes = config.tensorShapes();
    checkNames(config, weights.keySet(), shapes);
    List<Map<String, long[]>> shards = plan(shapes, options);
    Set<String> written = new HashSet<>();
    Map<String, String> weightMap = new LinkedHashMap<>();
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < shards.size(); i++) {
        String fileName =
            shards.size() == 1 ? CheckpointLoader.WEIGHTS_FILE : shardName(i, shards.size());
        SafetensorsWriter writer = new SafetensorsWriter(options.dtype());
        for (String name : shards.get(i).keySet()) {
          adder.add(writer, name, weights.get(name));
          weightMap.put(name, fileName);
        }
        writer.write(dir.resolve(fileName));
        written.add(fileName);
      }
      if (shards.size() > 1) {
        writeIndex(dir, weightMap, shapes, options.dtype());
        written.add(CheckpointLoader.INDEX_FILE);
      }
      removeStaleWeights(dir, written);
      copyTokenizerFiles(options.tokenizerSource(), dir);
      writeJson(dir.resolve("generation_config.json"), generationConfig(config));
      config.withTorchDtype(options.dtype().torchName()).write(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + dir, e);
    }
    LOG.info(
        "wrote {} tensors ({} parameters, {}) to {} in {} file(s) in {} ms",
        shapes.size(),
        config.parameterCount(),
        options.dtype(),
        dir,
        shards.size(),
        (System.nanoTime() - start) / 1_000_000);
  }

  private static void checkNames(
      ModelConfig config, Set<String> given, Map<String, long[]> shapes) {
    List<String> missing = new ArrayList<>();
    for (String name : shapes.keySet()) {
      if (!given.contains(name)) {
        missing.add(name);
      }
    }
    List<String> extra = new ArrayList<>();
    for (String name : given) {
      boolean tiedHead = config.tieWordEmbeddings() && name.equals("lm_head.weight");
      if (!shapes.containsKey(name) && !tiedHead) {
        extra.add(name);
      }
    }
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalArgumentException(
          "weights do not match config ("
              + config.modelType()
              + ", "
              + config.numHiddenLayers()
              + " layers): missing "
              + missing
              + ", unexpected "
              + extra);
    }
  }

  /** Splits the tensors, in order, into shards of at most maxShardBytes (one shard when 0). */
  private static List<Map<String, long[]>> plan(Map<String, long[]> shapes, Options options) {
    List<Map<String, long[]>> shards = new ArrayList<>();
    Map<String, long[]> current = new LinkedHashMap<>();
    long currentBytes = 0;
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      long bytes =
          Arrays.stream(e.getValue()).reduce(1, Math::multiplyExact) * options.dtype().byteSize();
      boolean full = options.maxShardBytes() > 0 && currentBytes + bytes > options.maxShardBytes();
      if (full && !current.isEmpty()) {
        shards.add(current);
        current = new LinkedHashMap<>();
        currentBytes = 0;
      }
      current.put(e.getKey(), e.getValue());
      currentBytes += bytes;
    }
    shards.add(current);
    return shards;
  }

  /** The transformers shard name, e.g. {@code model-00001-of-00003.safetensors}. */
  public static String shardName(int index, int count) {
    return String.format("model-%05d-of-%05d.safetensors", index + 1, count);
  }

  private static void writeIndex(
      Path dir, Map<String, String> weightMap, Map<String, long[]> shapes, SafetensorsDtype dtype)
      throws IOException {
    long total = 0;
    for (long[] shape : shapes.values()) {
      total += Arrays.stream(shape).reduce(1, Math::multiplyExact) * dtype.byteSize();
    }
    ObjectNode index = JSON.createObjectNode();
    index.putObject("metadata").put("total_size", total);
    ObjectNode map = index.putObject("weight_map");
    weightMap.forEach(map::put);
    writeJson(dir.resolve(CheckpointLoader.INDEX_FILE), index);
  }

  /** Deletes model.safetensors, shards and the index left by an earlier write but not rewritten. */
  private static void removeStaleWeights(Path dir, Set<String> written) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        boolean weights =
            name.equals(CheckpointLoader.WEIGHTS_FILE)
                || name.equals(CheckpointLoader.INDEX_FILE)
                || name.matches("model-\\d{5}-of-\\d{5}\\.safetensors");
        if (weights && !written.contains(name)) {
          Files.delete(file);
          LOG.info("removed stale weight file {}", file);
        }
      }
    }
  }

  private static void copyTokenizerFiles(Path source, Path dir) throws IOException {
    if (source == null || Files.isSameFile(source, dir)) {
      return;
    }
    if (!Files.isDirectory(source)) {
      throw new IllegalArgumentException("tokenizer source " + source + " is not a directory");
    }
    for (String name : TOKENIZER_FILES) {
      Path file = source.resolve(name);
      if (Files.isRegularFile(file)) {
        Files.copy(file, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static ObjectNode generationConfig(ModelConfig config) {
    ObjectNode o = JSON.createObjectNode();
    if (config.bosTokenId() != null) {
      o.put("bos_token_id", config.bosTokenId());
    }
    if (config.eosTokenIds().size() == 1) {
      o.put("eos_token_id", config.eosTokenIds().get(0));
    } else {
      config.eosTokenIds().forEach(o.putArray("eos_token_id")::add);
    }
    return o;
  }

  private static void writeJson(Path file, ObjectNode json) throws IOException {
    Path temp = AtomicFiles.temporarySibling(file);
    try {
      JSON.writeValue(temp.toFile(), json);
      AtomicFiles.moveIntoPlace(temp, file);
    } catch (IOException | RuntimeException e) {
      AtomicFiles.deleteAfterFailure(temp, e);
      throw e;
    }
  }
}
