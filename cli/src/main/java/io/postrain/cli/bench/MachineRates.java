package io.postrain.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.util.Arrays;

/**
 * The two limits of generation on this machine, measured through DJL: the f32 matmul rate (what
 * bounds prefill) and the memory read bandwidth (what bounds decoding, which streams every weight
 * once per token).
 *
 * @param matmulGflops best f32 matmul rate over the measured shapes, GFLOP/s
 * @param readGbs best read bandwidth: {@code sum} over a large f32 array, GB/s (1e9 bytes)
 * @param rmwGbs best read-modify-write bandwidth (in-place multiply, bytes read + written), GB/s
 */
record MachineRates(double matmulGflops, double readGbs, double rmwGbs) {

  private static final int WARMUP = 2;

  /** Measures with {@code reps} timed repetitions per figure; progress lines go to {@code log}. */
  static MachineRates measure(NDManager manager, int reps, long bandwidthBytes, PrintWriter log) {
    double best = 0;
    for (long[] mnk : new long[][] {{1024, 1024, 1024}, {2048, 1024, 1024}}) {
      double[] rates = matmul(manager, mnk[0], mnk[1], mnk[2], reps);
      log.printf(
          "matmul %dx%dx%d f32: best %.1f GFLOP/s, median %.1f%n",
          mnk[0], mnk[1], mnk[2], rates[rates.length - 1], rates[rates.length / 2]);
      log.flush();
      best = Math.max(best, rates[rates.length - 1]);
    }
    long floats = bandwidthBytes / 4;
    double[] read;
    double[] rmw;
    try (NDManager m = manager.newSubManager()) {
      NDArray big = m.randomUniform(0, 1, new Shape(floats), DataType.FLOAT32); // (N)
      NDArray one = m.full(new Shape(), 1f); // ()
      read = timed(reps, floats * 4.0, () -> big.sum().close());
      rmw = timed(reps, floats * 8.0, () -> big.muli(one));
    }
    log.printf(
        "memory %d MB f32: read (sum) best %.1f GB/s, median %.1f; in-place multiply (read+write)"
            + " best %.1f GB/s, median %.1f%n",
        bandwidthBytes >> 20,
        read[read.length - 1],
        read[read.length / 2],
        rmw[rmw.length - 1],
        rmw[rmw.length / 2]);
    log.flush();
    return new MachineRates(best, read[read.length - 1], rmw[rmw.length - 1]);
  }

  /** Sorted GFLOP/s of (m x k) @ (k x n). */
  private static double[] matmul(NDManager manager, long m, long n, long k, int reps) {
    try (NDManager sub = manager.newSubManager()) {
      NDArray a = sub.randomNormal(new Shape(m, k)); // (M, K)
      NDArray b = sub.randomNormal(new Shape(k, n)); // (K, N)
      return timed(reps, 2.0 * m * n * k, () -> a.matMul(b).close());
    }
  }

  /** Sorted rates (units per second / 1e9) of {@code reps} runs after a warm-up. */
  private static double[] timed(int reps, double units, Runnable op) {
    for (int i = 0; i < WARMUP; i++) {
      op.run();
    }
    double[] rates = new double[reps];
    for (int i = 0; i < reps; i++) {
      long start = System.nanoTime();
      op.run();
      rates[i] = units / (System.nanoTime() - start); // units per ns = G units per s
    }
    Arrays.sort(rates);
    return rates;
  }
}
