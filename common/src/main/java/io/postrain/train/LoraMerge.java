package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.checkpoint.CheckpointLoader;
import io.postrain.lm.checkpoint.CheckpointWriter;
import io.postrain.lm.checkpoint.SafetensorsDtype;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds a PEFT LoRA adapter into its base model: {@code W' = W + (alpha / r) B A} for every
 * targeted projection, written as an ordinary Hugging Face checkpoint (f32) that needs no adapter
 * to load.
 */
public final class LoraMerge {

  private static final Logger LOG = LoggerFactory.getLogger(LoraMerge.class);

  private LoraMerge() {}

  /**
   * Merges the adapter of {@code adapterDir} into the model of {@code baseModelDir} and writes the
   * result, with the base model's tokenizer files, into {@code outputDir}.
   *
   * @throws io.postrain.lm.checkpoint.CheckpointException when a directory is incomplete
   * @throws IllegalArgumentException when the adapter does not fit the base model
   */
  public static void merge(Path baseModelDir, Path adapterDir, Path outputDir) {
    ModelConfig config = ModelConfig.read(baseModelDir);
    LoraConfig lora = LoraAdapterFiles.readConfig(adapterDir);
    try (NDManager manager = NDManager.newBaseManager();
        NoGrad noGrad = NoGrad.enter()) {
      Map<String, NDArray> weights = CheckpointLoader.load(baseModelDir, config, manager);
      Map<String, NDArray> tensors = LoraAdapterFiles.readTensors(adapterDir, manager);
      Map<String, NDArray> merged = new LinkedHashMap<>(weights);
      NDArray scaling = manager.full(new Shape(), (float) lora.scaling());
      int count = 0;
      for (String name : LoraAdapter.targets(config, lora).keySet()) {
        String module = LoraAdapter.moduleOf(name);
        NDArray a = tensors.get(LoraAdapter.peftName(module, "lora_A")); // (r, in)
        NDArray b = tensors.get(LoraAdapter.peftName(module, "lora_B")); // (out, r)
        if (a == null || b == null) {
          throw new IllegalArgumentException(
              adapterDir + ": the adapter lacks lora_A or lora_B for " + module);
        }
        merged.put(name, weights.get(name).add(b.matMul(a).mul(scaling))); // (out, in)
        count++;
      }
      CheckpointWriter.write(
          outputDir,
          config,
          merged,
          new CheckpointWriter.Options(SafetensorsDtype.F32, 0, baseModelDir));
      LOG.info("merged LoRA into {} projections; wrote {}", count, outputDir);
    }
  }
}
