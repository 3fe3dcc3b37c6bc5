package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW with decoupled weight decay, step for step as {@code torch.optim.AdamW} (single-tensor
 * path, no amsgrad): for each parameter p with gradient g at step t (1-based)
 *
 * <pre>
 * p  = p * (1 - lr * weightDecay)
 * m  = beta1 * m + (1 - beta1) * g
 * v  = beta2 * v + (1 - beta2) * g * g
 * p  = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>Parameters and gradients are {@code Map<String, NDArray>} keyed by Hugging Face name; the
 * update runs in no-grad mode with in-place array-array ops. State (t, m, v) lives in a manager
 * owned by this object: close it when training ends.
 */
public final class AdamW implements AutoCloseable {

  /** State key of the step counter, a (1) int64 array. */
  public static final String STEP_KEY = "step";

  /** State key prefix of the first moments, followed by the parameter name. */
  public static final String EXP_AVG_PREFIX = "exp_avg.";

  /** State key prefix of the second moments, followed by the parameter name. */
  public static final String EXP_AVG_SQ_PREFIX = "exp_avg_sq.";

  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final Map<String, NDArray> expAvg = new LinkedHashMap<>();
  private final Map<String, NDArray> expAvgSq = new LinkedHashMap<>();
  private NDManager stateManager;
  private long step;

  /**
   * @param beta1 first-moment decay, [0, 1)
   * @param beta2 second-moment decay, [0, 1)
   * @param eps denominator term, > 0
   * @param weightDecay decoupled weight decay, >= 0
   */
  public AdamW(double beta1, double beta2, double eps, double weightDecay) {
    ConfigChecks.inHalfOpen("adamBeta1", beta1, 0.0, 1.0);
    ConfigChecks.inHalfOpen("adamBeta2", beta2, 0.0, 1.0);
    ConfigChecks.positive("adamEpsilon", eps);
    ConfigChecks.nonNegative("weightDecay", weightDecay);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  /**
   * An optimizer with the config's {@code adamBeta1/2}, {@code adamEpsilon}, {@code weightDecay}.
   */
  public static AdamW of(TrainingConfig config) {
    return new AdamW(
        config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(), config.weightDecay());
  }

  /** Optimizer steps taken so far (torch's {@code state['step']}). */
  public long stepCount() {
    return step;
  }

  /**
   * One update of every parameter in {@code params} with its gradient in {@code grads}, in place.
   *
   * @param params parameters by name, updated in place
   * @param grads gradients by name; must hold every key of {@code params} with the same shape
   * @param lr the learning rate of this step (from {@link LrSchedule})
   * @throws IllegalArgumentException when a gradient is missing or mis-shaped
   */
  public void step(Map<String, NDArray> params, Map<String, NDArray> grads, double lr) {
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      NDArray grad = grads.get(e.getKey());
      if (grad == null || !grad.getShape().equals(e.getValue().getShape())) {
        throw new IllegalArgumentException(
            "gradient for parameter '"
                + e.getKey()
                + "' must have shape "
                + e.getValue().getShape()
                + " (got "
                + (grad == null ? "none" : grad.getShape())
                + ")");
      }
    }
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      checkStateShape(expAvg, EXP_AVG_PREFIX, e.getKey(), e.getValue());
      checkStateShape(expAvgSq, EXP_AVG_SQ_PREFIX, e.getKey(), e.getValue());
    }
    step++;
    double biasCorrection1 = 1 - Math.pow(beta1, step);
    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
    double stepSize = lr / biasCorrection1;
    try (NoGrad noGrad = NoGrad.enter()) {
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        update(e.getKey(), e.getValue(), grads.get(e.getKey()), lr, stepSize, biasCorrection2Sqrt);
      }
    }
  }

  private void update(
      String name, NDArray p, NDArray g, double lr, double stepSize, double biasCorrection2Sqrt) {
    NDArray m = stateFor(expAvg, EXP_AVG_PREFIX, name, p);
    NDArray v = stateFor(expAvgSq, EXP_AVG_SQ_PREFIX, name, p);
    try (NDScope scope = new NDScope()) {
      if (weightDecay != 0) {
        p.muli(Scalars.like(p, 1 - lr * weightDecay));
      }
      m.muli(Scalars.like(m, beta1)).addi(g.mul(Scalars.like(g, 1 - beta1)));
      v.muli(Scalars.like(v, beta2)).addi(g.mul(g).muli(Scalars.like(g, 1 - beta2)));
      NDArray denom =
          v.sqrt().divi(Scalars.like(v, biasCorrection2Sqrt)).addi(Scalars.like(v, eps));
      p.subi(m.div(denom).muli(Scalars.like(m, stepSize)));
    }
  }

  /**
   * The moment of {@code name}: zeros on first use; an imported one is moved to the parameter's
   * device and dtype (a CPU checkpoint resumed on a GPU).
   */
  private NDArray stateFor(Map<String, NDArray> moments, String prefix, String name, NDArray p) {
    NDArray a = moments.get(name);
    if (a == null) {
      a = zerosLike(p);
    } else if (!a.getDevice().equals(p.getDevice()) || a.getDataType() != p.getDataType()) {
      NDArray moved = a.toDevice(p.getDevice(), true).toType(p.getDataType(), false);
      moved.attach(stateManager);
      a.close();
      a = moved;
    }
    moments.put(name, a);
    return a;
  }

  private static void checkStateShape(
      Map<String, NDArray> moments, String prefix, String name, NDArray p) {
    NDArray a = moments.get(name);
    if (a != null && !a.getShape().equals(p.getShape())) {
      throw new IllegalArgumentException(
          "optimizer state '"
              + prefix
              + name
              + "' has shape "
              + a.getShape()
              + " but the parameter has "
              + p.getShape());
    }
  }

  private NDArray zerosLike(NDArray p) {
    if (stateManager == null) {
      stateManager = p.getManager().newSubManager();
    }
    return stateManager.zeros(p.getShape(), p.getDataType(), p.getDevice());
  }

  /**
   * Copies of the state into {@code manager}, keyed {@value #STEP_KEY}, {@code exp_avg.<name>},
   * {@code exp_avg_sq.<name>}; suitable for a safetensors file beside a checkpoint.
   */
  public Map<String, NDArray> exportState(NDManager manager) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    out.put(STEP_KEY, manager.create(new long[] {step}));
    try (NoGrad noGrad = NoGrad.enter()) {
      expAvg.forEach((k, a) -> out.put(EXP_AVG_PREFIX + k, copyInto(a, manager)));
      expAvgSq.forEach((k, a) -> out.put(EXP_AVG_SQ_PREFIX + k, copyInto(a, manager)));
    }
    return out;
  }

  /**
   * Replaces this optimizer's state with copies of {@code state} (as written by {@link
   * #exportState}); the arrays given stay the caller's.
   *
   * @throws IllegalArgumentException when the step entry is missing, a key is not a state key, or a
   *     parameter has only one of its two moments
   */
  public void importState(Map<String, NDArray> state) {
    NDArray stepArray = state.get(STEP_KEY);
    if (stepArray == null || stepArray.size() != 1) {
      throw new IllegalArgumentException(
          "optimizer state must hold a one-element '" + STEP_KEY + "' entry");
    }
    Map<String, NDArray> m = new LinkedHashMap<>();
    Map<String, NDArray> v = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : state.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(EXP_AVG_SQ_PREFIX)) {
        v.put(key.substring(EXP_AVG_SQ_PREFIX.length()), e.getValue());
      } else if (key.startsWith(EXP_AVG_PREFIX)) {
        m.put(key.substring(EXP_AVG_PREFIX.length()), e.getValue());
      } else if (!key.equals(STEP_KEY)) {
        throw new IllegalArgumentException(
            "unknown optimizer state key '"
                + key
                + "': accepted are step, exp_avg.<param>, exp_avg_sq.<param>");
      }
    }
    if (!m.keySet().equals(v.keySet())) {
      throw new IllegalArgumentException(
          "optimizer state must hold exp_avg and exp_avg_sq for the same parameters (exp_avg: "
              + m.keySet()
              + ", exp_avg_sq: "
              + v.keySet()
              + ")");
    }
    clearState();
    step = stepArray.toType(DataType.INT64, false).toLongArray()[0];
    for (String name : m.keySet()) {
      NDArray first = m.get(name);
      if (stateManager == null) {
        stateManager = first.getManager().newSubManager();
      }
      expAvg.put(name, copyInto(first, stateManager));
      expAvgSq.put(name, copyInto(v.get(name), stateManager));
    }
  }

  private static NDArray copyInto(NDArray a, NDManager manager) {
    NDArray copy = a.duplicate();
    copy.attach(manager);
    return copy;
  }

  private void clearState() {
    if (stateManager != null) {
      stateManager.close();
      stateManager = null;
    }
    expAvg.clear();
    expAvgSq.clear();
    step = 0;
  }

  /** Frees the optimizer state. */
  @Override
  public void close() {
    clearState();
  }
}
