package io.postrain.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which examples each optimizer step sees, as a pure function of (seed, step): every epoch is a
 * permutation drawn from {@code new Random(seed + epoch)} (a seeded sampler), cut into
 * micro-batches of {@code batchSize}; {@code accumulation} consecutive micro-batches make one step,
 * and the last step of an epoch may have fewer (as transformers' Trainer). Resuming at step s
 * therefore sees the same data as an uninterrupted run.
 */
final class DataOrder {

  private final int size;
  private final int batchSize;
  private final int accumulation;
  private final long seed;
  private final int batchesPerEpoch;
  private int cachedEpoch = -1;
  private List<Integer> cachedOrder;

  DataOrder(int size, int batchSize, int accumulation, long seed) {
    if (size < 1) {
      throw new IllegalArgumentException("no training examples left (need at least one)");
    }
    this.size = size;
    this.batchSize = batchSize;
    this.accumulation = accumulation;
    this.seed = seed;
    this.batchesPerEpoch = (size + batchSize - 1) / batchSize;
  }

  /** Optimizer steps per epoch: {@code ceil(ceil(size / batch) / accumulation)}. */
  int updatesPerEpoch() {
    return (batchesPerEpoch + accumulation - 1) / accumulation;
  }

  /** Fractional epochs after {@code completedSteps} steps. */
  double epochAt(int completedSteps) {
    return (double) completedSteps / updatesPerEpoch();
  }

  /** The micro-batches (example indices) of the 0-based optimizer step {@code step}. */
  List<List<Integer>> microBatches(int step) {
    int epoch = step / updatesPerEpoch();
    int inEpoch = step % updatesPerEpoch();
    List<Integer> order = order(epoch);
    List<List<Integer>> out = new ArrayList<>();
    int firstBatch = inEpoch * accumulation;
    int lastBatch = Math.min(firstBatch + accumulation, batchesPerEpoch);
    for (int b = firstBatch; b < lastBatch; b++) {
      out.add(List.copyOf(order.subList(b * batchSize, Math.min((b + 1) * batchSize, size))));
    }
    return out;
  }

  private List<Integer> order(int epoch) {
    if (epoch != cachedEpoch) {
      List<Integer> order = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(seed + epoch));
      cachedOrder = order;
      cachedEpoch = epoch;
    }
    return cachedOrder;
  }
}
