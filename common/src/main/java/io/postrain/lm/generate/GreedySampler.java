package io.postrain.lm.generate;

import java.util.Random;

/** The most likely token (the first one on ties, as torch's argmax). */
public final class GreedySampler implements Sampler {

  @Override
  public int sample(float[] logits, Random random) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }
}
