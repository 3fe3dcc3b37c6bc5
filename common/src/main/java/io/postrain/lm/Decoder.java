package io.postrain.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import io.postrain.lm.checkpoint.CheckpointException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decoder-only transformer computing the same function as transformers' {@code Qwen3ForCausalLM},
 * {@code Qwen2ForCausalLM} and {@code LlamaForCausalLM}: token embedding; per layer {@code x +=
 * attn(input_layernorm(x)); x += mlp(post_attention_layernorm(x))}; final norm; {@code lm_head} (or
 * the tied embedding).
 *
 * <p>Dimensions: B = batch, T = new tokens, S = keys (cached + new), D = hidden, V = vocab, L =
 * layers.
 *
 * <p>Position ids follow transformers' {@code generate}: {@code cumsum(attention_mask) - 1}, 1 at
 * padding, continued per row from the cache; so a left-padded batch gives each row the logits it
 * would get alone. Every op is differentiable (no scalars over Java buffers), so training may run
 * {@link #hiddenStates} under a {@code GradientCollector} with {@code setRequiresGradient(true)} on
 * {@link #parameters()}; the inputs may be closed before {@code backward}. Intermediates are freed
 * per call; results are attached to the manager of {@code inputIds} (or of {@code hidden} for
 * {@link #logits}).
 */
public final class Decoder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Decoder.class);

  private final ModelConfig config;
  private final Map<String, NDArray> parameters;
  private final NDManager manager;
  private final Rotary rotary;
  private final NDArray embedTokens; // (V, D)
  private final List<RmsNorm> inputLayernorm = new ArrayList<>(); // L x (D)
  private final List<Attention> selfAttn = new ArrayList<>(); // L
  private final List<RmsNorm> postAttentionLayernorm = new ArrayList<>(); // L x (D)
  private final List<Mlp> mlp = new ArrayList<>(); // L
  private final RmsNorm norm; // (D)
  private final Projection lmHead; // (V, D)
  private final NDArray one; // ()
  private final NDArray maskValue; // () the most negative f32, as transformers' finfo.min
  private volatile LinearAdapter adapter;

  /**
   * A decoder over the given f32 weights, keyed by Hugging Face name; the arrays are used as they
   * are (not copied). Names the architecture does not use are ignored with a warning.
   *
   * @throws CheckpointException when a tensor is missing, has the wrong shape or is not f32
   */
  public Decoder(ModelConfig config, Map<String, NDArray> weights) {
    this.config = config;
    this.parameters = Collections.unmodifiableMap(validated(config, weights));
    this.embedTokens = parameters.get("model.embed_tokens.weight");
    this.manager = embedTokens.getManager().newSubManager();
    this.rotary = new Rotary(config, manager);
    NDArray eps = manager.full(new Shape(), (float) config.rmsNormEps());
    NDArray scale = manager.full(new Shape(), (float) (1.0 / Math.sqrt(config.headDim())));
    this.one = manager.full(new Shape(), 1f);
    this.maskValue = manager.full(new Shape(), Float.MAX_VALUE);
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      String p = "model.layers." + i + ".";
      inputLayernorm.add(new RmsNorm(parameters.get(p + "input_layernorm.weight"), eps));
      postAttentionLayernorm.add(
          new RmsNorm(parameters.get(p + "post_attention_layernorm.weight"), eps));
      Projection[] qkvo = {
        projection(p + "self_attn.q_proj"),
        projection(p + "self_attn.k_proj"),
        projection(p + "self_attn.v_proj"),
        projection(p + "self_attn.o_proj")
      };
      RmsNorm qNorm = null;
      RmsNorm kNorm = null;
      if (config.qkNorm()) {
        qNorm = new RmsNorm(parameters.get(p + "self_attn.q_norm.weight"), eps);
        kNorm = new RmsNorm(parameters.get(p + "self_attn.k_norm.weight"), eps);
      }
      selfAttn.add(new Attention(i, config, qkvo, qNorm, kNorm, scale));
      mlp.add(
          new Mlp(
              projection(p + "mlp.gate_proj"),
              projection(p + "mlp.up_proj"),
              projection(p + "mlp.down_proj")));
    }
    this.norm = new RmsNorm(parameters.get("model.norm.weight"), eps);
    NDArray head =
        config.tieWordEmbeddings() ? embedTokens : parameters.get("lm_head.weight"); // (V, D)
    this.lmHead = new Projection("lm_head.weight", head, null);
  }

  private static Map<String, NDArray> validated(ModelConfig config, Map<String, NDArray> weights) {
    Map<String, NDArray> used = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : config.tensorShapes().entrySet()) {
      String name = e.getKey();
      NDArray w = weights.get(name);
      if (w == null) {
        throw new CheckpointException(
            "missing tensor '" + name + "' required by a " + config.modelType() + " checkpoint");
      }
      if (!Arrays.equals(w.getShape().getShape(), e.getValue())) {
        throw new CheckpointException(
            "tensor '"
                + name
                + "' has shape "
                + w.getShape()
                + ", the config requires "
                + new Shape(e.getValue()));
      }
      if (w.getDataType() != DataType.FLOAT32) {
        throw new CheckpointException(
            "tensor '" + name + "' is " + w.getDataType() + ": the decoder accepts float32 only");
      }
      used.put(name, w);
    }
    List<String> unused = weights.keySet().stream().filter(n -> !used.containsKey(n)).toList();
    if (!unused.isEmpty()) {
      LOG.warn(
          "ignoring {} tensors the {} architecture does not use: {}",
          unused.size(),
          config.modelType(),
          unused);
    }
    return used;
  }

  private Projection projection(String module) {
    return new Projection(
        module + ".weight", parameters.get(module + ".weight"), parameters.get(module + ".bias"));
  }

  /** The architecture. */
  public ModelConfig config() {
    return config;
  }

  /** The weight arrays by Hugging Face name (the same arrays passed in, in checkpoint order). */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /** Installs (or with null removes) the adapter added to every projection. */
  public void setAdapter(LinearAdapter adapter) {
    this.adapter = adapter;
  }

  /** The installed adapter, or null. */
  public LinearAdapter adapter() {
    return adapter;
  }

  /**
   * Logits of every position.
   *
   * @param inputIds (B, T) int64 token ids
   * @param attentionMask (B, T) 1 for real tokens, 0 for padding; null means all ones
   * @param cache keys/values of earlier tokens, extended by this call; or null
   * @return (B, T, V) f32, attached to the manager of inputIds
   */
  public NDArray forward(NDArray inputIds, NDArray attentionMask, KvCache cache) {
    try (NDScope scope = new NDScope()) {
      NDArray hidden = hiddenStates(inputIds, attentionMask, cache); // (B, T, D)
      NDArray logits = logits(hidden); // (B, T, V)
      hidden.close();
      NDScope.unregister(logits);
      return logits;
    }
  }

  /**
   * The output head applied to hidden states (..., D) -> (..., V), attached to hidden's manager.
   */
  public NDArray logits(NDArray hidden) {
    try (NDScope scope = new NDScope()) {
      NDArray logits = lmHead.apply(hidden, adapter); // (..., V)
      NDScope.unregister(logits);
      logits.attach(hidden.getManager());
      return logits;
    }
  }

  /**
   * Hidden states after the final norm; arguments as {@link #forward}.
   *
   * @return (B, T, D) f32, attached to the manager of inputIds
   */
  public NDArray hiddenStates(NDArray inputIds, NDArray attentionMask, KvCache cache) {
    Shape shape = inputIds.getShape();
    if (shape.dimension() != 2 || shape.get(1) < 1) {
      throw new IllegalArgumentException("inputIds must be (B, T) with T >= 1, got " + shape);
    }
    if (attentionMask != null && !attentionMask.getShape().equals(shape)) {
      throw new IllegalArgumentException(
          "attentionMask must have the shape of inputIds "
              + shape
              + ", got "
              + attentionMask.getShape());
    }
    int b = (int) shape.get(0);
    int t = (int) shape.get(1);
    long[] mask = new long[b * t]; // (B, T)
    if (attentionMask == null) {
      Arrays.fill(mask, 1);
    } else {
      mask = attentionMask.toType(DataType.INT64, false).toLongArray();
    }
    int past = cache == null ? 0 : cache.length();
    long[] real = cache == null ? new long[b] : cache.realTokens(b); // (B)
    long[] positions = new long[b * t]; // (B, T)
    float[] maskF = new float[b * t]; // (B, T)
    long maxPosition = 1;
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < t; i++) {
        int at = r * t + i;
        if (mask[at] != 0) {
          real[r]++;
          maskF[at] = 1;
          positions[at] = real[r] - 1;
        } else {
          positions[at] = 1; // transformers: position_ids.masked_fill_(attention_mask == 0, 1)
        }
        maxPosition = Math.max(maxPosition, positions[at]);
      }
    }
    NDManager caller = inputIds.getManager();
    try (NDScope scope = new NDScope()) {
      NDArray positionIds = caller.create(positions, new Shape(b, t)); // (B, T)
      NDArray[] cosSin = rotary.cosSin(positionIds, maxPosition); // 2 x (B, 1, T, hd)
      NDArray newMask = caller.create(maskF, new Shape(b, t)); // (B, T)
      NDArray keyMask = cache == null ? newMask : cache.appendMask(newMask); // (B, S)
      NDArray bias = attentionBias(keyMask, past, t); // (B, 1, 1, T, S)
      // A torch-owned copy: the embedding's backward keeps the ids, and the caller's array may sit
      // on a Java buffer that is freed (and reused) once the caller closes it.
      NDArray ids =
          inputIds.getDataType() == DataType.INT64
              ? inputIds.duplicate()
              : inputIds.toType(DataType.INT64, false); // (B, T)
      NDArray x = Embedding.embedding(ids, embedTokens, SparseFormat.DENSE).singletonOrThrow();
      for (int l = 0; l < config.numHiddenLayers(); l++) {
        NDArray h = inputLayernorm.get(l).forward(x); // (B, T, D)
        x = x.add(selfAttn.get(l).forward(h, cosSin, bias, cache, adapter)); // (B, T, D)
        h = postAttentionLayernorm.get(l).forward(x); // (B, T, D)
        x = x.add(mlp.get(l).forward(h, adapter)); // (B, T, D)
      }
      x = norm.forward(x); // (B, T, D)
      if (cache != null) {
        cache.advance(t, real);
      }
      NDScope.unregister(x);
      x.attach(caller);
      return x;
    }
  }

  /** Additive mask (B, 1, 1, T, S): 0 where query i (at cache slot past+i) may see key j. */
  private NDArray attentionBias(NDArray keyMask, int past, int t) {
    long b = keyMask.getShape().get(0);
    long s = keyMask.getShape().get(1);
    NDArray keys = manager.arange(0f, (float) s); // (S)
    NDArray queries = manager.arange((float) past, (float) (past + t)).reshape(t, 1); // (T, 1)
    NDArray causal = keys.lte(queries).toType(DataType.FLOAT32, false); // (T, S)
    NDArray allowed = causal.reshape(1, 1, 1, t, s).mul(keyMask.reshape(b, 1, 1, 1, s));
    return allowed.sub(one).mul(maskValue); // (B, 1, 1, T, S) 0 or -max
  }

  /** Frees the decoder's own tables and constants; the weights belong to the caller. */
  @Override
  public void close() {
    rotary.close();
    manager.close();
  }
}
