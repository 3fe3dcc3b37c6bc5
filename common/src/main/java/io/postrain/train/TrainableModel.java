package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.postrain.lm.Decoder;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.checkpoint.CheckpointLoader;
import io.postrain.lm.checkpoint.CheckpointWriter;
import io.postrain.lm.checkpoint.SafetensorsDtype;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The model being trained: a {@link Decoder} over f32 weights and, with LoRA, a {@link LoraAdapter}
 * installed on it. The trainable parameters are either every weight (full fine-tuning) or only the
 * adapter's A and B (the base weights then never require a gradient).
 */
final class TrainableModel implements AutoCloseable {

  /** transformers' {@code get_decay_parameter_names}: biases and norm weights are not decayed. */
  private static final Pattern NO_DECAY =
      Pattern.compile("bias|layernorm|rmsnorm|(?:^|\\.)norm(?:$|\\.)|_norm(?:$|\\.)");

  private final ModelConfig config;
  private final Path modelDir;
  private final NDManager manager;
  private final Decoder decoder;
  private final LoraAdapter adapter;
  private final Map<String, NDArray> trainable;

  private TrainableModel(
      ModelConfig config,
      Path modelDir,
      NDManager manager,
      Map<String, NDArray> weights,
      LoraAdapter adapter) {
    this.config = config;
    this.modelDir = modelDir;
    this.manager = manager;
    this.decoder = new Decoder(config, weights);
    this.adapter = adapter;
    this.trainable =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(adapter == null ? decoder.parameters() : adapter.parameters()));
    if (adapter != null) {
      decoder.setAdapter(adapter);
    }
    trainable.values().forEach(p -> p.setRequiresGradient(true));
  }

  /**
   * Loads the model of {@code modelDir}; when {@code checkpoint} is not null the trained state
   * comes from there (full weights, or the adapter with LoRA) and the base from {@code modelDir}.
   *
   * @param lora null for full fine-tuning
   * @param seed initialises a fresh adapter
   */
  static TrainableModel load(
      Path modelDir, Path checkpoint, LoraConfig lora, long seed, NDManager parent) {
    ModelConfig config = ModelConfig.read(modelDir);
    NDManager manager = parent.newSubManager();
    try {
      if (lora == null) {
        Path source = checkpoint == null ? modelDir : checkpoint;
        return new TrainableModel(
            config, modelDir, manager, CheckpointLoader.load(source, config, manager), null);
      }
      Map<String, NDArray> base = CheckpointLoader.load(modelDir, config, manager);
      LoraAdapter adapter;
      if (checkpoint == null) {
        adapter = LoraAdapter.initialise(config, lora, manager, seed);
      } else {
        try (NDManager files = manager.newSubManager()) {
          Map<String, NDArray> tensors = LoraAdapterFiles.readTensors(checkpoint, files);
          adapter = LoraAdapter.fromTensors(config, lora, tensors, manager);
        }
      }
      return new TrainableModel(config, modelDir, manager, base, adapter);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  ModelConfig config() {
    return config;
  }

  /**
   * A frozen model to serve as this policy's reference, loaded from {@code source} into {@code
   * manager} (the caller closes both).
   *
   * @throws IllegalArgumentException when its vocabulary differs from the policy's
   */
  Decoder frozenReference(Path source, NDManager manager) {
    ModelConfig refConfig = ModelConfig.read(source);
    if (refConfig.vocabSize() != config.vocabSize()) {
      throw new IllegalArgumentException(
          "the reference model "
              + source
              + " has vocab_size "
              + refConfig.vocabSize()
              + " but the policy has "
              + config.vocabSize()
              + ": both must share the tokenizer");
    }
    return new Decoder(refConfig, CheckpointLoader.load(source, refConfig, manager));
  }

  Decoder decoder() {
    return decoder;
  }

  /** The LoRA adapter, or null for full fine-tuning. */
  LoraAdapter adapter() {
    return adapter;
  }

  /** The arrays the optimizer updates, by name (HF names, or PEFT names with LoRA). */
  Map<String, NDArray> trainable() {
    return trainable;
  }

  /** Whether transformers would apply weight decay to the parameter {@code name}. */
  static boolean decays(String name) {
    return !NO_DECAY.matcher(name.toLowerCase(Locale.ROOT)).find();
  }

  /** The accumulated gradients, by parameter name; each a new handle the caller closes. */
  Map<String, NDArray> gradients() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    trainable.forEach((name, p) -> out.put(name, p.getGradient()));
    return out;
  }

  /** Sets every accumulated gradient to zero (DJL accumulates across backward calls). */
  void zeroGradients() {
    trainable.values().forEach(p -> JniUtils.zeroGrad((PtNDArray) p));
  }

  /**
   * Writes the model into {@code dir}: a Hugging Face checkpoint (f32) with the tokenizer files of
   * the model directory, or with LoRA a PEFT adapter directory plus the tokenizer files.
   */
  void save(Path dir) {
    if (adapter == null) {
      CheckpointWriter.write(
          dir,
          config,
          decoder.parameters(),
          new CheckpointWriter.Options(SafetensorsDtype.F32, 0, modelDir));
      return;
    }
    LoraAdapterFiles.write(dir, adapter, modelDir.toAbsolutePath().toString());
    copyTokenizerFiles(modelDir, dir);
  }

  static void copyTokenizerFiles(Path from, Path to) {
    try {
      for (String name : CheckpointWriter.TOKENIZER_FILES) {
        Path source = from.resolve(name);
        if (Files.isRegularFile(source)) {
          Files.copy(source, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy tokenizer files from " + from + " to " + to, e);
    }
  }

  @Override
  public void close() {
    decoder.close();
    if (adapter != null) {
      adapter.close();
    }
    manager.close();
  }
}
