package io.postrain.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The keys and values of every layer for the tokens already seen, so a decoding step computes only
 * the new tokens. Buffers are preallocated to a capacity and written in place; reads are views of
 * the filled part; the capacity doubles when exceeded.
 *
 * <p>Dimensions: B = batch (fixed by the first call), KV = key/value heads, C = capacity, S =
 * cached length, T = new tokens, hd = head dim.
 *
 * <p>Besides keys and values the cache keeps the attention mask of the cached tokens (which keys
 * are padding) and, per row, the number of real tokens, from which the positions of new tokens
 * continue. One cache serves one sequence batch; not thread-safe.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final int layers;
  private final NDArray[] keys; // per layer (B, KV, C, hd)
  private final NDArray[] values; // per layer (B, KV, C, hd)
  private NDArray keyMask; // (B, C) f32, 1 = real token, 0 = padding
  private long[] realTokens; // (B) real tokens cached per row
  private int capacity;
  private int length;

  /**
   * An empty cache.
   *
   * @param config the model's architecture (gives the number of layers)
   * @param parent the manager the cache's buffers live under until {@link #close()}
   * @param capacity initial capacity in tokens (grows when exceeded), e.g. prompt + max new tokens
   */
  public KvCache(ModelConfig config, NDManager parent, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("KvCache capacity must be >= 1, got " + capacity);
    }
    this.manager = parent.newSubManager();
    this.layers = config.numHiddenLayers();
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
    this.capacity = capacity;
  }

  /** Number of token positions cached (including padding positions). */
  public int length() {
    return length;
  }

  /** The batch size fixed by the first forward, or -1 while empty. */
  public int batchSize() {
    return realTokens == null ? -1 : realTokens.length;
  }

  /** Per row, the number of real (non-padding) tokens cached. */
  long[] realTokens(int batch) {
    if (realTokens == null) {
      realTokens = new long[batch];
    } else if (realTokens.length != batch) {
      throw new IllegalArgumentException(
          "this KvCache holds a batch of " + realTokens.length + " rows, got " + batch);
    }
    return realTokens.clone();
  }

  /**
   * Writes the mask of T new tokens and returns the mask of all keys.
   *
   * @param mask (B, T) f32 1/0
   * @return (B, S + T) view
   */
  NDArray appendMask(NDArray mask) {
    long b = mask.getShape().get(0);
    int t = (int) mask.getShape().get(1);
    ensureCapacity(length + t);
    if (keyMask == null) {
      keyMask = register(manager.zeros(new Shape(b, capacity), DataType.FLOAT32, mask.getDevice()));
    }
    keyMask.set(new NDIndex(":, {}:{}", length, length + t), mask);
    return keyMask.get(new NDIndex(":, :{}", length + t));
  }

  /**
   * Writes the keys and values of T new tokens for one layer and returns those of all tokens.
   *
   * @param k (B, KV, T, hd)
   * @param v (B, KV, T, hd)
   * @return keys and values (B, KV, S + T, hd), views of the buffers
   */
  NDArray[] update(int layer, NDArray k, NDArray v) {
    Shape shape = k.getShape();
    int t = (int) shape.get(2);
    ensureCapacity(length + t);
    if (keys[layer] == null) {
      Shape full = new Shape(shape.get(0), shape.get(1), capacity, shape.get(3));
      keys[layer] = register(manager.zeros(full, k.getDataType(), k.getDevice()));
      values[layer] = register(manager.zeros(full, v.getDataType(), v.getDevice()));
    }
    NDIndex fresh = new NDIndex(":, :, {}:{}", length, length + t);
    keys[layer].set(fresh, k);
    values[layer].set(fresh, v);
    NDIndex filled = new NDIndex(":, :, :{}", length + t);
    return new NDArray[] {keys[layer].get(filled), values[layer].get(filled)};
  }

  /** Marks T new tokens as cached, with the updated per-row count of real tokens. */
  void advance(int t, long[] realTokensAfter) {
    length += t;
    realTokens = realTokensAfter.clone();
  }

  private void ensureCapacity(int needed) {
    if (needed <= capacity) {
      return;
    }
    int grown = Math.max(needed, 2 * capacity);
    for (int i = 0; i < layers; i++) {
      if (keys[i] != null) {
        keys[i] = grow(keys[i], 2, grown);
        values[i] = grow(values[i], 2, grown);
      }
    }
    if (keyMask != null) {
      keyMask = grow(keyMask, 1, grown);
    }
    capacity = grown;
  }

  /** A copy of buffer with its axis `axis` enlarged to `size`, the first `length` entries kept. */
  private NDArray grow(NDArray buffer, int axis, int size) {
    long[] dims = buffer.getShape().getShape();
    dims[axis] = size;
    NDArray bigger =
        register(manager.zeros(new Shape(dims), buffer.getDataType(), buffer.getDevice()));
    String prefix = axis == 1 ? ":, " : ":, :, ";
    if (length > 0) {
      NDIndex kept = new NDIndex(prefix + ":{}", length);
      try (NDArray filled = buffer.get(kept)) {
        bigger.set(kept, filled);
      }
    }
    buffer.close();
    return bigger;
  }

  private NDArray register(NDArray array) {
    NDScope.unregister(array); // lives with this cache, not with the caller's step scope
    array.attach(manager);
    return array;
  }

  @Override
  public void close() {
    manager.close();
  }
}
