package io.postrain.lm;

import java.util.Map;

/**
 * A naive float64 decoder in plain Java loops, written from the published Qwen3 / Qwen2 / Llama
 * formulas (transformers' modeling_qwen3.py, modeling_qwen2.py, modeling_llama.py). It shares no
 * code with the engine and serves as the independent reference in tests.
 *
 * <p>Dimensions: T = sequence length, V = vocab, D = hidden, F = intermediate, H = query heads, KV
 * = key/value heads, hd = head dim. Weights are row-major flat arrays keyed by HF name; a linear
 * layer's weight is (out, in) and computes y = x W^T + b.
 */
public final class ReferenceDecoder {

  private final ModelConfig c;
  private final Map<String, double[]> w;

  public ReferenceDecoder(ModelConfig config, Map<String, double[]> weights) {
    this.c = config;
    this.w = weights;
  }

  /** Logits (T, V) for one unpadded sequence at positions 0..T-1. */
  public double[][] logits(long[] tokens) {
    int t = tokens.length;
    int d = c.hiddenSize();
    double[][] x = new double[t][];
    double[] emb = w.get("model.embed_tokens.weight");
    for (int i = 0; i < t; i++) {
      x[i] = new double[d];
      System.arraycopy(emb, (int) tokens[i] * d, x[i], 0, d);
    }
    for (int l = 0; l < c.numHiddenLayers(); l++) {
      String p = "model.layers." + l + ".";
      double[][] a = attention(p, norm(x, w.get(p + "input_layernorm.weight")));
      x = add(x, a);
      double[][] m = mlp(p, norm(x, w.get(p + "post_attention_layernorm.weight")));
      x = add(x, m);
    }
    x = norm(x, w.get("model.norm.weight"));
    double[] head =
        c.tieWordEmbeddings() ? w.get("model.embed_tokens.weight") : w.get("lm_head.weight");
    return linear(x, head, null, c.vocabSize());
  }

  private double[][] attention(String p, double[][] x) {
    int t = x.length;
    int h = c.numAttentionHeads();
    int kvh = c.numKeyValueHeads();
    int hd = c.headDim();
    double[][] q =
        linear(x, w.get(p + "self_attn.q_proj.weight"), bias(p + "self_attn.q_proj"), h * hd);
    double[][] k =
        linear(x, w.get(p + "self_attn.k_proj.weight"), bias(p + "self_attn.k_proj"), kvh * hd);
    double[][] v =
        linear(x, w.get(p + "self_attn.v_proj.weight"), bias(p + "self_attn.v_proj"), kvh * hd);
    double[] inv = invFreq();
    for (int i = 0; i < t; i++) {
      for (int head = 0; head < h; head++) {
        if (c.qkNorm()) {
          headNorm(q[i], head * hd, hd, w.get(p + "self_attn.q_norm.weight"));
        }
        rotate(q[i], head * hd, hd, i, inv);
      }
      for (int head = 0; head < kvh; head++) {
        if (c.qkNorm()) {
          headNorm(k[i], head * hd, hd, w.get(p + "self_attn.k_norm.weight"));
        }
        rotate(k[i], head * hd, hd, i, inv);
      }
    }
    double[][] out = new double[t][h * hd];
    int group = h / kvh;
    double scale = 1.0 / Math.sqrt(hd);
    for (int head = 0; head < h; head++) {
      int kvHead = head / group;
      for (int i = 0; i < t; i++) {
        double[] s = new double[i + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= i; j++) {
          double dot = 0;
          for (int e = 0; e < hd; e++) {
            dot += q[i][head * hd + e] * k[j][kvHead * hd + e];
          }
          s[j] = dot * scale;
          max = Math.max(max, s[j]);
        }
        double sum = 0;
        for (int j = 0; j <= i; j++) {
          s[j] = Math.exp(s[j] - max);
          sum += s[j];
        }
        for (int j = 0; j <= i; j++) {
          for (int e = 0; e < hd; e++) {
            out[i][head * hd + e] += s[j] / sum * v[j][kvHead * hd + e];
          }
        }
      }
    }
    return linear(
        out, w.get(p + "self_attn.o_proj.weight"), bias(p + "self_attn.o_proj"), c.hiddenSize());
  }

  private double[][] mlp(String p, double[][] x) {
    int f = c.intermediateSize();
    double[][] g = linear(x, w.get(p + "mlp.gate_proj.weight"), bias(p + "mlp.gate_proj"), f);
    double[][] u = linear(x, w.get(p + "mlp.up_proj.weight"), bias(p + "mlp.up_proj"), f);
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < f; j++) {
        double z = g[i][j];
        g[i][j] = z / (1 + Math.exp(-z)) * u[i][j];
      }
    }
    return linear(g, w.get(p + "mlp.down_proj.weight"), bias(p + "mlp.down_proj"), c.hiddenSize());
  }

  private double[] bias(String module) {
    return w.get(module + ".bias");
  }

  /** inv_freq[i] = 1 / theta^(2i/hd), with Llama 3 frequency scaling when configured. */
  public double[] invFreq() {
    int hd = c.headDim();
    double[] inv = new double[hd / 2];
    for (int i = 0; i < hd / 2; i++) {
      inv[i] = 1.0 / Math.pow(c.ropeTheta(), 2.0 * i / hd);
    }
    Map<String, Object> rs = c.ropeScaling();
    if (rs != null && "llama3".equals(rs.getOrDefault("rope_type", rs.get("type")))) {
      double factor = ((Number) rs.get("factor")).doubleValue();
      double low = ((Number) rs.get("low_freq_factor")).doubleValue();
      double high = ((Number) rs.get("high_freq_factor")).doubleValue();
      double old = ((Number) rs.get("original_max_position_embeddings")).doubleValue();
      for (int i = 0; i < inv.length; i++) {
        double wavelen = 2 * Math.PI / inv[i];
        if (wavelen > old / low) {
          inv[i] = inv[i] / factor;
        } else if (wavelen >= old / high) {
          double smooth = (old / wavelen - low) / (high - low);
          inv[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
        }
      }
    }
    return inv;
  }

  /** Rotate-half rotary embedding of x[off, off+hd) at position pos. */
  private static void rotate(double[] x, int off, int hd, int pos, double[] inv) {
    int half = hd / 2;
    for (int i = 0; i < half; i++) {
      double angle = pos * inv[i];
      double cos = Math.cos(angle);
      double sin = Math.sin(angle);
      double a = x[off + i];
      double b = x[off + half + i];
      x[off + i] = a * cos - b * sin;
      x[off + half + i] = b * cos + a * sin;
    }
  }

  private void headNorm(double[] x, int off, int n, double[] weight) {
    double ms = 0;
    for (int i = 0; i < n; i++) {
      ms += x[off + i] * x[off + i];
    }
    double r = 1.0 / Math.sqrt(ms / n + c.rmsNormEps());
    for (int i = 0; i < n; i++) {
      x[off + i] = x[off + i] * r * weight[i];
    }
  }

  private double[][] norm(double[][] x, double[] weight) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].clone();
      headNorm(out[i], 0, out[i].length, weight);
    }
    return out;
  }

  private static double[][] linear(double[][] x, double[] weight, double[] bias, int out) {
    int in = x[0].length;
    double[][] y = new double[x.length][out];
    for (int i = 0; i < x.length; i++) {
      for (int o = 0; o < out; o++) {
        double s = bias == null ? 0 : bias[o];
        for (int j = 0; j < in; j++) {
          s += x[i][j] * weight[o * in + j];
        }
        y[i][o] = s;
      }
    }
    return y;
  }

  private static double[][] add(double[][] a, double[][] b) {
    double[][] y = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        y[i][j] = a[i][j] + b[i][j];
      }
    }
    return y;
  }
}
