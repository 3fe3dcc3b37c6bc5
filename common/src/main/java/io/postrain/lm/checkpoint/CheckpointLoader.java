package io.postrain.lm.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.lm.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the weights of a Hugging Face checkpoint directory as f32 arrays by tensor name: {@code
 * model.safetensors}, or (when that is absent, as transformers does) every shard listed in {@code
 * model.safetensors.index.json}.
 *
 * <p>Every header is read and checked against {@link ModelConfig#tensorShapes()} before any array
 * is created: a missing, unexpected or mis-shaped tensor, a listed shard that is absent or a tensor
 * the index places in a shard that lacks it fails the whole load with a {@link CheckpointException}
 * naming the file and the tensor. With tied embeddings a stored {@code lm_head.weight} is tolerated
 * and ignored. A load never returns partially: on failure every array created so far is closed.
 */
public final class CheckpointLoader {

  /** The single-file weights name. */
  public static final String WEIGHTS_FILE = "model.safetensors";

  /** The shard index name. */
  public static final String INDEX_FILE = "model.safetensors.index.json";

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointLoader.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PROBLEMS_LISTED = 10;

  private CheckpointLoader() {}

  /**
   * Loads every tensor {@code config} expects, in {@code tensorShapes()} order, as f32 arrays
   * attached to {@code manager}; the caller owns (and closes) them.
   */
  public static Map<String, NDArray> load(Path dir, ModelConfig config, NDManager manager) {
    long start = System.nanoTime();
    List<SafetensorsReader> readers = new ArrayList<>();
    try {
      Map<String, SafetensorsReader> sources = openSources(dir, readers);
      check(dir, config, sources);
      Map<String, NDArray> weights = readAll(config, sources, manager);
      long ms = (System.nanoTime() - start) / 1_000_000;
      LOG.info(
          "loaded {} tensors ({} parameters, stored as {}) from {} ({} file(s)) in {} ms",
          weights.size(),
          config.parameterCount(),
          dtypes(sources),
          dir,
          readers.size(),
          ms);
      return weights;
    } finally {
      closeAll(readers);
    }
  }

  /** Opens the weight files and maps each stored tensor name to the reader that holds it. */
  private static Map<String, SafetensorsReader> openSources(
      Path dir, List<SafetensorsReader> readers) {
    Path single = dir.resolve(WEIGHTS_FILE);
    Path index = dir.resolve(INDEX_FILE);
    Map<String, SafetensorsReader> sources = new LinkedHashMap<>();
    if (Files.isRegularFile(single)) {
      SafetensorsReader reader = SafetensorsReader.open(single);
      readers.add(reader);
      reader.tensors().keySet().forEach(name -> sources.put(name, reader));
      return sources;
    }
    if (!Files.isRegularFile(index)) {
      throw new CheckpointException(
          dir + ": no weights: expected " + WEIGHTS_FILE + " or " + INDEX_FILE);
    }
    Map<String, String> weightMap = readWeightMap(index);
    Map<String, SafetensorsReader> shards = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : weightMap.entrySet()) {
      SafetensorsReader reader = shards.get(e.getValue());
      if (reader == null) {
        Path shard = dir.resolve(e.getValue());
        if (!Files.isRegularFile(shard)) {
          throw new CheckpointException(
              index
                  + ": lists shard "
                  + shard
                  + " (for tensor '"
                  + e.getKey()
                  + "'), which does not exist");
        }
        reader = SafetensorsReader.open(shard);
        readers.add(reader);
        shards.put(e.getValue(), reader);
      }
      if (!reader.tensors().containsKey(e.getKey())) {
        throw new CheckpointException(
            index
                + ": places tensor '"
                + e.getKey()
                + "' in "
                + reader.file()
                + ", which does not hold it");
      }
      sources.put(e.getKey(), reader);
    }
    for (Map.Entry<String, SafetensorsReader> shard : shards.entrySet()) {
      for (String name : shard.getValue().tensors().keySet()) {
        if (!shard.getKey().equals(weightMap.get(name))) {
          throw new CheckpointException(
              shard.getValue().file()
                  + ": holds tensor '"
                  + name
                  + "', which "
                  + index
                  + " places elsewhere or not at all");
        }
      }
    }
    return sources;
  }

  private static Map<String, String> readWeightMap(Path index) {
    JsonNode root;
    try {
      root = JSON.readTree(index.toFile());
    } catch (IOException e) {
      throw new CheckpointException(index + ": not valid JSON: " + e.getMessage(), e);
    }
    JsonNode map = root == null ? null : root.get("weight_map");
    if (map == null || !map.isObject() || map.isEmpty()) {
      throw new CheckpointException(
          index + ": needs a non-empty 'weight_map' {tensor: shard file}");
    }
    Map<String, String> weightMap = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = map.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String shard = e.getValue().asText("");
      if (!e.getValue().isTextual()
          || shard.isEmpty()
          || shard.contains("/")
          || shard.contains("\\")) {
        throw new CheckpointException(
            index
                + ": tensor '"
                + e.getKey()
                + "' maps to '"
                + e.getValue()
                + "': accepted is a file name in the same directory");
      }
      weightMap.put(e.getKey(), shard);
    }
    return weightMap;
  }

  /** Compares the stored tensors with the architecture; lists every problem in one exception. */
  private static void check(Path dir, ModelConfig config, Map<String, SafetensorsReader> sources) {
    Map<String, long[]> expected = config.tensorShapes();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      SafetensorsReader reader = sources.get(e.getKey());
      if (reader == null) {
        problems.add(
            "missing tensor '"
                + e.getKey()
                + "' (expected shape "
                + Arrays.toString(e.getValue())
                + ")");
        continue;
      }
      long[] actual = reader.tensors().get(e.getKey()).shape();
      if (!Arrays.equals(actual, e.getValue())) {
        problems.add(
            reader.file().getFileName()
                + ": tensor '"
                + e.getKey()
                + "' has shape "
                + Arrays.toString(actual)
                + ", expected "
                + Arrays.toString(e.getValue()));
      }
    }
    for (Map.Entry<String, SafetensorsReader> e : sources.entrySet()) {
      boolean tiedHead = config.tieWordEmbeddings() && e.getKey().equals("lm_head.weight");
      if (!expected.containsKey(e.getKey()) && !tiedHead) {
        problems.add(
            e.getValue().file().getFileName()
                + ": unexpected tensor '"
                + e.getKey()
                + "' with shape "
                + e.getValue().tensors().get(e.getKey()).shapeText());
      }
    }
    if (!problems.isEmpty()) {
      throw new CheckpointException(describe(dir, config, sources, problems));
    }
  }

  private static String describe(
      Path dir, ModelConfig config, Map<String, SafetensorsReader> sources, List<String> problems) {
    TreeSet<String> files = new TreeSet<>();
    sources.values().forEach(r -> files.add(r.file().getFileName().toString()));
    StringBuilder message =
        new StringBuilder()
            .append(dir)
            .append(" (")
            .append(files.isEmpty() ? WEIGHTS_FILE : String.join(", ", files))
            .append(") does not match config.json (")
            .append(config.modelType())
            .append(", ")
            .append(config.numHiddenLayers())
            .append(" layers, hidden ")
            .append(config.hiddenSize())
            .append("): ");
    int listed = Math.min(problems.size(), MAX_PROBLEMS_LISTED);
    message.append(String.join("; ", problems.subList(0, listed)));
    if (problems.size() > listed) {
      message.append("; and ").append(problems.size() - listed).append(" more");
    }
    return message.toString();
  }

  /** Creates every array; closes those already created if one fails. */
  private static Map<String, NDArray> readAll(
      ModelConfig config, Map<String, SafetensorsReader> sources, NDManager manager) {
    Map<String, NDArray> weights = new LinkedHashMap<>();
    try {
      for (String name : config.tensorShapes().keySet()) {
        weights.put(name, sources.get(name).read(name, manager));
      }
      return weights;
    } catch (RuntimeException e) {
      weights.values().forEach(NDArray::close);
      throw e;
    }
  }

  private static String dtypes(Map<String, SafetensorsReader> sources) {
    TreeSet<String> names = new TreeSet<>();
    sources.forEach((name, reader) -> names.add(reader.tensors().get(name).dtype().name()));
    return String.join("+", names);
  }

  private static void closeAll(List<SafetensorsReader> readers) {
    RuntimeException failure = null;
    for (SafetensorsReader reader : readers) {
      try {
        reader.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
