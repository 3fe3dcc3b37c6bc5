package io.postrain.lm;

import io.postrain.lm.checkpoint.CheckpointException;
import io.postrain.lm.checkpoint.SafetensorsDtype;
import io.postrain.lm.tokenizer.ByteLevelTokenizerFiles;
import java.util.List;
import java.util.Locale;

/**
 * Builds a {@link ModelConfig} from the defaults of a tiny model of one architecture, overriding
 * sizes one by one (what {@code init-model --arch qwen3 --hidden-size 128 ...} calls).
 *
 * <p>Tiny defaults: vocab 272 (the 261 byte-level tokens rounded up to a multiple of 16), hidden
 * 64, 2 layers, 4 heads, 2 KV heads, head_dim 16, FFN 128, 512 positions, eos 258 ({@code
 * <|im_end|>}), no bos; qwen3: tied embeddings, rope_theta 1e6; qwen2: untied, q/k/v biases,
 * rope_theta 1e6; llama: untied, rope_theta 10000.
 */
public final class ModelConfigBuilder {

  private final String modelType;
  private int vocabSize = 272;
  private int hiddenSize = 64;
  private int intermediateSize = 128;
  private int numHiddenLayers = 2;
  private int numAttentionHeads = 4;
  private int numKeyValueHeads = 2;
  private int headDim = 16;
  private double rmsNormEps = 1e-6;
  private double ropeTheta;
  private boolean tieWordEmbeddings;
  private int maxPositionEmbeddings = 512;
  private List<Integer> eosTokenIds = List.of(ByteLevelTokenizerFiles.IM_END_ID);
  private String torchDtype = "float32";

  private ModelConfigBuilder(String modelType) {
    this.modelType = modelType;
    this.tieWordEmbeddings = modelType.equals("qwen3");
    this.ropeTheta = modelType.equals("llama") ? 10_000.0 : 1_000_000.0;
  }

  /** The tiny defaults of {@code arch}: qwen3, qwen2 or llama (case-insensitive). */
  public static ModelConfigBuilder tiny(String arch) {
    String type = arch == null ? "" : arch.toLowerCase(Locale.ROOT);
    if (!ModelConfig.SUPPORTED_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "unsupported architecture '" + arch + "': accepted are qwen3, qwen2, llama");
    }
    return new ModelConfigBuilder(type);
  }

  /** Vocabulary size V; must be at least 261 for the byte-level tokenizer. */
  public ModelConfigBuilder vocabSize(int v) {
    this.vocabSize = v;
    return this;
  }

  /** Model width D. */
  public ModelConfigBuilder hiddenSize(int d) {
    this.hiddenSize = d;
    return this;
  }

  /** MLP width F. */
  public ModelConfigBuilder intermediateSize(int f) {
    this.intermediateSize = f;
    return this;
  }

  /** Number of decoder layers L. */
  public ModelConfigBuilder numHiddenLayers(int l) {
    this.numHiddenLayers = l;
    return this;
  }

  /** Number of query heads H. */
  public ModelConfigBuilder numAttentionHeads(int h) {
    this.numAttentionHeads = h;
    return this;
  }

  /** Number of key/value heads KV (H must be a multiple). */
  public ModelConfigBuilder numKeyValueHeads(int kv) {
    this.numKeyValueHeads = kv;
    return this;
  }

  /** Per-head width hd (need not be D / H, as in Qwen3). */
  public ModelConfigBuilder headDim(int hd) {
    this.headDim = hd;
    return this;
  }

  /** RMSNorm epsilon. */
  public ModelConfigBuilder rmsNormEps(double eps) {
    this.rmsNormEps = eps;
    return this;
  }

  /** RoPE base. */
  public ModelConfigBuilder ropeTheta(double theta) {
    this.ropeTheta = theta;
    return this;
  }

  /** Whether lm_head shares the embedding matrix. */
  public ModelConfigBuilder tieWordEmbeddings(boolean tied) {
    this.tieWordEmbeddings = tied;
    return this;
  }

  /** Longest supported sequence. */
  public ModelConfigBuilder maxPositionEmbeddings(int n) {
    this.maxPositionEmbeddings = n;
    return this;
  }

  /** End-of-sequence ids. */
  public ModelConfigBuilder eosTokenIds(List<Integer> ids) {
    this.eosTokenIds = List.copyOf(ids);
    return this;
  }

  /** The {@code torch_dtype} recorded (float32 or bfloat16). */
  public ModelConfigBuilder torchDtype(String dtype) {
    this.torchDtype = SafetensorsDtype.fromTorchName(dtype).torchName();
    return this;
  }

  /** The validated config. */
  public ModelConfig build() {
    if (vocabSize < ByteLevelTokenizerFiles.TOKEN_COUNT) {
      throw new CheckpointException(
          "vocab_size "
              + vocabSize
              + " is below the "
              + ByteLevelTokenizerFiles.TOKEN_COUNT
              + " tokens of the byte-level tokenizer");
    }
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
        false,
        false,
        maxPositionEmbeddings,
        eosTokenIds,
        null,
        torchDtype,
        null);
  }
}
