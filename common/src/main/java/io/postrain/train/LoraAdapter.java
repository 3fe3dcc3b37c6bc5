package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import io.postrain.lm.LinearAdapter;
import io.postrain.lm.ModelConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * LoRA on a decoder's projections: for each targeted weight W (out, in) trainable A (r, in) and B
 * (out, r), and {@code delta(x) = dropout(x) A^T B^T * (alpha / r)} added to {@code x W^T}.
 *
 * <p>A starts as PEFT's {@code kaiming_uniform_(a=sqrt(5))}, i.e. uniform in {@code [-1/sqrt(in),
 * 1/sqrt(in)]} (drawn from a {@link Random} seeded by the seed and the weight name), B as zeros, so
 * the adapted model starts equal to the base. Parameters are keyed by their PEFT names, e.g. {@code
 * base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight}.
 *
 * <p>{@link #setEnabled(boolean) disabled}, the adapter adds nothing: DPO's reference model is the
 * base model under the same decoder.
 */
public final class LoraAdapter implements LinearAdapter, AutoCloseable {

  /** Prefix PEFT puts before a causal LM's module names. */
  public static final String PEFT_PREFIX = "base_model.model.";

  private final LoraConfig lora;
  private final NDManager manager;
  private final Map<String, NDArray> a = new LinkedHashMap<>(); // weight name -> (r, in)
  private final Map<String, NDArray> b = new LinkedHashMap<>(); // weight name -> (out, r)
  private final Map<String, NDArray> parameters = new LinkedHashMap<>(); // PEFT name -> A or B
  private final NDArray scaling; // ()
  private boolean enabled = true;
  private boolean training = true;

  private LoraAdapter(LoraConfig lora, NDManager parent) {
    this.lora = lora;
    this.manager = parent.newSubManager();
    this.scaling = manager.full(new Shape(), (float) lora.scaling());
  }

  /** A fresh adapter over every targeted projection of {@code config}: A random, B zero. */
  public static LoraAdapter initialise(
      ModelConfig config, LoraConfig lora, NDManager manager, long seed) {
    LoraAdapter adapter = new LoraAdapter(lora, manager);
    for (Map.Entry<String, long[]> e : targets(config, lora).entrySet()) {
      long out = e.getValue()[0];
      long in = e.getValue()[1];
      float[] init = new float[Math.toIntExact(lora.r() * in)];
      Random random = new Random(seed * 1_000_003L + e.getKey().hashCode());
      double bound = 1.0 / Math.sqrt(in);
      for (int i = 0; i < init.length; i++) {
        init[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
      }
      NDArray matA = adapter.manager.create(init, new Shape(lora.r(), in));
      NDArray matB = adapter.manager.zeros(new Shape(out, lora.r()));
      adapter.put(e.getKey(), matA, matB);
    }
    return adapter;
  }

  /**
   * An adapter from tensors keyed by PEFT names (as {@link #parameters()} returns them), copied.
   *
   * @throws IllegalArgumentException when a targeted projection's A or B is missing or mis-shaped
   */
  public static LoraAdapter fromTensors(
      ModelConfig config, LoraConfig lora, Map<String, NDArray> tensors, NDManager manager) {
    LoraAdapter adapter = new LoraAdapter(lora, manager);
    for (Map.Entry<String, long[]> e : targets(config, lora).entrySet()) {
      String module = moduleOf(e.getKey());
      Shape shapeA = new Shape(lora.r(), e.getValue()[1]);
      Shape shapeB = new Shape(e.getValue()[0], lora.r());
      NDArray matA = checked(tensors, peftName(module, "lora_A"), shapeA);
      NDArray matB = checked(tensors, peftName(module, "lora_B"), shapeB);
      NDArray copyA = matA.duplicate();
      NDArray copyB = matB.duplicate();
      copyA.attach(adapter.manager);
      copyB.attach(adapter.manager);
      adapter.put(e.getKey(), copyA, copyB);
    }
    return adapter;
  }

  private static NDArray checked(Map<String, NDArray> tensors, String name, Shape shape) {
    NDArray t = tensors.get(name);
    if (t == null || !t.getShape().equals(shape)) {
      throw new IllegalArgumentException(
          "LoRA tensor '"
              + name
              + "' must have shape "
              + shape
              + " (got "
              + (t == null ? "none" : t.getShape())
              + ")");
    }
    return t;
  }

  /** The weights LoRA applies to: HF weight name -> (out, in), in checkpoint order. */
  public static Map<String, long[]> targets(ModelConfig config, LoraConfig lora) {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : config.tensorShapes().entrySet()) {
      String name = e.getKey();
      if (!name.startsWith("model.layers.") || !name.endsWith(".weight")) {
        continue;
      }
      String module = moduleOf(name);
      String leaf = module.substring(module.lastIndexOf('.') + 1);
      if (lora.targetModules().contains(leaf)) {
        out.put(name, e.getValue());
      }
    }
    return out;
  }

  /** {@code model.layers.0.mlp.up_proj.weight} -> {@code model.layers.0.mlp.up_proj}. */
  static String moduleOf(String weightName) {
    return weightName.substring(0, weightName.length() - ".weight".length());
  }

  /** PEFT's key, e.g. {@code base_model.model.model.layers.0.mlp.up_proj.lora_A.weight}. */
  public static String peftName(String module, String loraPart) {
    return PEFT_PREFIX + module + "." + loraPart + ".weight";
  }

  private void put(String weightName, NDArray matA, NDArray matB) {
    String module = moduleOf(weightName);
    a.put(weightName, matA);
    b.put(weightName, matB);
    parameters.put(peftName(module, "lora_A"), matA);
    parameters.put(peftName(module, "lora_B"), matB);
  }

  /** The trainable arrays by PEFT name (A then B per projection); updated in place by training. */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** The configuration. */
  public LoraConfig config() {
    return lora;
  }

  /** A (r, in) of a targeted weight, or null. */
  public NDArray a(String weightName) {
    return a.get(weightName);
  }

  /** B (out, r) of a targeted weight, or null. */
  public NDArray b(String weightName) {
    return b.get(weightName);
  }

  /** Whether the adapter adds its delta (false = the base model). */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Whether dropout is active (training) or not (evaluation, reference passes). */
  public void setTraining(boolean training) {
    this.training = training;
  }

  @Override
  public NDArray delta(String weightName, NDArray x) {
    NDArray matA = a.get(weightName);
    if (!enabled || matA == null) {
      return null;
    }
    NDArray input = x; // (..., in)
    if (training && lora.dropout() > 0) {
      input = Dropout.dropout(x, (float) lora.dropout(), true).singletonOrThrow();
    }
    NDArray low = Linear.linear(input, matA).singletonOrThrow(); // (..., r)
    NDArray up = Linear.linear(low, b.get(weightName)).singletonOrThrow(); // (..., out)
    return up.mul(scaling);
  }

  /** Frees A, B and the constants. */
  @Override
  public void close() {
    manager.close();
  }
}
