package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.postrain.lm.checkpoint.SafetensorsDtype;
import io.postrain.lm.checkpoint.SafetensorsReader;
import io.postrain.lm.checkpoint.SafetensorsWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW over two parameter groups as transformers builds them: weights with {@code weightDecay},
 * and biases and norm weights without ({@link TrainableModel#decays}). The state of both is saved
 * in one safetensors file ({@code step}, {@code exp_avg.<name>}, {@code exp_avg_sq.<name>}).
 */
final class ParamGroups implements AutoCloseable {

  private final Map<String, NDArray> decayed = new LinkedHashMap<>();
  private final Map<String, NDArray> notDecayed = new LinkedHashMap<>();
  private final AdamW withDecay;
  private final AdamW withoutDecay;
  private NDManager importManager;

  ParamGroups(Map<String, NDArray> parameters, TrainingConfig config) {
    parameters.forEach(
        (name, p) -> (TrainableModel.decays(name) ? decayed : notDecayed).put(name, p));
    withDecay = AdamW.of(config);
    withoutDecay = new AdamW(config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(), 0.0);
  }

  /** One AdamW update of both groups with the gradients by parameter name. */
  void step(Map<String, NDArray> grads, double lr) {
    if (!decayed.isEmpty()) {
      withDecay.step(decayed, grads, lr);
    }
    if (!notDecayed.isEmpty()) {
      withoutDecay.step(notDecayed, grads, lr);
    }
  }

  /** Writes both groups' state (f32; the step counter as a one-element f32 array). */
  void save(Path file, NDManager parent) {
    try (NDManager manager = parent.newSubManager()) {
      Map<String, NDArray> state = new LinkedHashMap<>();
      state.putAll(withoutDecay.exportState(manager));
      state.putAll(withDecay.exportState(manager));
      long steps = Math.max(withDecay.stepCount(), withoutDecay.stepCount());
      state.put(AdamW.STEP_KEY, manager.create(new float[] {steps}));
      SafetensorsWriter writer = new SafetensorsWriter(SafetensorsDtype.F32);
      state.forEach(writer::add);
      writer.write(file);
    }
  }

  /**
   * Restores both groups from a file written by {@link #save}. AdamW keeps its copies in a
   * sub-manager of the arrays' manager, so the arrays read here go to a manager that lives as long
   * as this object, and are closed one by one once copied.
   */
  void load(Path file, NDManager parent) {
    if (importManager == null) {
      importManager = parent.newSubManager();
    }
    NDManager manager = importManager;
    Map<String, NDArray> read = new LinkedHashMap<>();
    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      NDArray step;
      try (NDArray stored = reader.read(AdamW.STEP_KEY, manager)) {
        step = stored.toType(DataType.INT64, true);
      }
      Map<String, NDArray> forDecayed = new LinkedHashMap<>(Map.of(AdamW.STEP_KEY, step));
      Map<String, NDArray> forOthers = new LinkedHashMap<>(Map.of(AdamW.STEP_KEY, step));
      for (String key : reader.tensors().keySet()) {
        String name = parameterOf(key);
        if (name == null) {
          continue;
        }
        if (!decayed.containsKey(name) && !notDecayed.containsKey(name)) {
          throw new IllegalArgumentException(
              file + ": optimizer state '" + key + "' belongs to no trained parameter");
        }
        NDArray array = reader.read(key, manager);
        read.put(key, array);
        (decayed.containsKey(name) ? forDecayed : forOthers).put(key, array);
      }
      withDecay.importState(forDecayed);
      withoutDecay.importState(forOthers);
      step.close();
    } finally {
      read.values().forEach(NDArray::close);
    }
  }

  private static String parameterOf(String key) {
    if (key.startsWith(AdamW.EXP_AVG_SQ_PREFIX)) {
      return key.substring(AdamW.EXP_AVG_SQ_PREFIX.length());
    }
    if (key.startsWith(AdamW.EXP_AVG_PREFIX)) {
      return key.substring(AdamW.EXP_AVG_PREFIX.length());
    }
    return null;
  }

  @Override
  public void close() {
    withDecay.close();
    withoutDecay.close();
    if (importManager != null) {
      importManager.close();
    }
  }
}
