package io.postrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.postrain.curate.RewardSet;
import io.postrain.curate.Sample;
import io.postrain.data.PromptExample;
import io.postrain.lm.generate.FinishReason;
import io.postrain.lm.generate.GeneratedSequence;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.generate.Generator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * GRPO's step batches: every {@code numIterations} optimizer steps a new generation batch is
 * sampled from the current policy, {@code numGenerations} completions for each of {@code
 * promptsPerGeneration} prompts, scored by the reward set, turned into group-relative advantages
 * ({@link GrpoAdvantages}), and, when needed, given the log-probs of the sampling policy ({@code
 * numIterations > 1}) and of the reference ({@code beta > 0}); the batch is then cut into
 * micro-batches of {@code perDeviceTrainBatchSize} completions, groups kept in order.
 *
 * <p>Prompts come from a stream of epochs, each a permutation of the prompts drawn from {@code new
 * Random(seed + epoch)}; generation batch g takes the next {@code promptsPerGeneration} of them and
 * samples with seed {@code seed + g}. So a resumed run samples what an uninterrupted one does; the
 * batch in use is saved into each checkpoint ({@link GrpoRolloutFile}) for a resume in the middle
 * of its iterations.
 *
 * <p>Logs per generation batch, with TRL's names: {@code reward}, {@code reward_std}, {@code
 * rewards/<name>/mean}, {@code rewards/<name>/std}, {@code frac_reward_zero_std}, {@code
 * completions/mean_length}, {@code completions/min_length}, {@code completions/max_length}, {@code
 * completions/clipped_ratio}, {@code completions/mean_terminated_length}, and {@code
 * generation_tokens_per_second}.
 */
final class GrpoRollouts implements StepBatches<GrpoRollout> {

  /** The prompts of a run, tokenised. */
  record Prompts(List<PromptExample> examples, List<long[]> ids) {}

  private final GrpoConfig config;
  private final TrainableModel policy;
  private final GrpoReference reference;
  private final Prompts prompts;
  private final GrpoTrainer.Decode decode;
  private final RewardSet rewards;
  private final List<Integer> stopIds;
  private final long padId;
  private final NDManager manager;
  private final int updatesPerEpoch;
  private final int totalSteps;
  private int generation = -1;
  private List<GrpoRollout> current;

  GrpoRollouts(
      GrpoConfig config,
      TrainableModel policy,
      GrpoReference reference,
      Prompts prompts,
      GrpoTrainer.Decode decode,
      RewardSet rewards,
      List<Integer> stopIds,
      long padId,
      NDManager manager) {
    this.config = config;
    this.policy = policy;
    this.reference = reference;
    this.prompts = prompts;
    this.decode = decode;
    this.rewards = rewards;
    this.stopIds = stopIds;
    this.padId = padId;
    this.manager = manager;
    int perGeneration = config.promptsPerGeneration();
    int generationsPerEpoch = (prompts.ids().size() + perGeneration - 1) / perGeneration;
    this.updatesPerEpoch = generationsPerEpoch * config.numIterations();
    TrainingConfig t = config.training();
    this.totalSteps =
        t.maxSteps() > 0 ? t.maxSteps() : (int) Math.ceil(t.numTrainEpochs() * updatesPerEpoch);
  }

  @Override
  public int size() {
    return prompts.ids().size();
  }

  @Override
  public int totalSteps() {
    return totalSteps;
  }

  @Override
  public int updatesPerEpoch() {
    return updatesPerEpoch;
  }

  @Override
  public List<List<GrpoRollout>> microBatches(int step, MetricsWindow window) {
    int g = step / config.numIterations();
    if (g != generation) {
      current = generate(g, window);
      generation = g;
    }
    int b = config.training().perDeviceTrainBatchSize();
    List<List<GrpoRollout>> out = new ArrayList<>();
    for (int from = 0; from < current.size(); from += b) {
      out.add(current.subList(from, Math.min(from + b, current.size())));
    }
    return out;
  }

  @Override
  public void save(Path checkpointDir) {
    if (config.numIterations() > 1 && current != null) {
      GrpoRolloutFile.write(checkpointDir, generation, current);
    }
  }

  @Override
  public void restore(Path checkpointDir) {
    GrpoRolloutFile.Saved saved = GrpoRolloutFile.read(checkpointDir);
    if (saved != null) {
      generation = saved.generation();
      current = saved.rollouts();
    }
  }

  /** The prompt indices of generation batch g. */
  List<Integer> promptIndices(int g) {
    int n = prompts.ids().size();
    int perGeneration = config.promptsPerGeneration();
    List<Integer> out = new ArrayList<>();
    List<Integer> order = null;
    int orderEpoch = -1;
    for (long pos = (long) g * perGeneration; out.size() < perGeneration; pos++) {
      int epoch = (int) (pos / n);
      if (epoch != orderEpoch) {
        order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          order.add(i);
        }
        Collections.shuffle(order, new Random(config.training().seed() + epoch));
        orderEpoch = epoch;
      }
      out.add(order.get((int) (pos % n)));
    }
    return out;
  }

  private List<GrpoRollout> generate(int g, MetricsWindow window) {
    List<Integer> indices = promptIndices(g);
    List<long[]> ids = indices.stream().map(prompts.ids()::get).toList();
    GenerationConfig sampling =
        new GenerationConfig(
            config.maxCompletionLength(),
            config.temperature(),
            config.topK(),
            config.topP(),
            config.training().seed() + g,
            config.numGenerations(),
            stopIds);
    long start = System.nanoTime();
    List<List<GeneratedSequence>> generated;
    setDropout(false);
    try {
      generated = new Generator().generate(policy.decoder(), ids, sampling);
    } finally {
      setDropout(true);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int groupSize = config.numGenerations();
    int total = indices.size() * groupSize;
    double[] totals = new double[total];
    double[][] each = new double[rewards.rewards().size()][total];
    List<GeneratedSequence> flat = new ArrayList<>();
    for (int p = 0; p < indices.size(); p++) {
      PromptExample example = prompts.examples().get(indices.get(p));
      for (GeneratedSequence s : generated.get(p)) {
        int i = flat.size();
        flat.add(s);
        RewardSet.Scores scores =
            rewards.score(new Sample(example.turns(), decode.text(s.tokenIds()), example.row()));
        totals[i] = scores.total();
        for (int k = 0; k < scores.each().length; k++) {
          each[k][i] = scores.each()[k];
        }
      }
    }
    GrpoAdvantages.Result adv = GrpoAdvantages.compute(totals, groupSize, config.scaleRewards());
    List<GrpoRollout> out = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      GeneratedSequence s = flat.get(i);
      boolean truncated = s.finishReason() == FinishReason.LENGTH;
      boolean trained = !(truncated && config.maskTruncatedCompletions());
      TokenizedSequence seq = sequence(ids.get(i / groupSize), s.tokenIds(), trained, i);
      out.add(
          new GrpoRollout(seq, adv.advantages()[i], null, null, s.tokenIds().length, truncated));
    }
    out = withLogProbs(out);
    logMetrics(window, flat, totals, each, adv, seconds);
    return out;
  }

  private static TokenizedSequence sequence(
      long[] prompt, long[] completion, boolean trained, int i) {
    long[] all = Arrays.copyOf(prompt, prompt.length + completion.length);
    System.arraycopy(completion, 0, all, prompt.length, completion.length);
    byte[] mask = new byte[all.length];
    if (trained) {
      Arrays.fill(mask, prompt.length, all.length, (byte) 1);
    }
    return new TokenizedSequence(all, mask, i);
  }

  /**
   * Adds the sampling policy's and the reference's per-token log-probs where the run needs them.
   */
  private List<GrpoRollout> withLogProbs(List<GrpoRollout> rollouts) {
    boolean old = config.numIterations() > 1;
    if (!old && reference == null) {
      return rollouts;
    }
    List<GrpoRollout> out = new ArrayList<>();
    int b = config.training().perDeviceTrainBatchSize();
    setDropout(false);
    try (NoGrad noGrad = NoGrad.enter()) {
      for (int from = 0; from < rollouts.size(); from += b) {
        List<GrpoRollout> batch = rollouts.subList(from, Math.min(from + b, rollouts.size()));
        try (NDManager m = manager.newSubManager()) {
          PaddedBatch p = PaddedBatch.of(GrpoTrainer.sequences(batch), padId, m);
          float[][] oldRows =
              old
                  ? rows(
                      GrpoTrainer.tokenLogProbs(policy.decoder(), p, config.temperature()), batch)
                  : null;
          float[][] refRows =
              reference == null
                  ? null
                  : rows(reference.tokenLogProbs(p, config.temperature()), batch);
          for (int i = 0; i < batch.size(); i++) {
            GrpoRollout r = batch.get(i);
            out.add(
                new GrpoRollout(
                    r.sequence(),
                    r.advantage(),
                    oldRows == null ? null : oldRows[i],
                    refRows == null ? null : refRows[i],
                    r.completionLength(),
                    r.truncated()));
          }
        }
      }
    } finally {
      setDropout(true);
    }
    return out;
  }

  /** (B, T) log-probs as one row per sequence, each cut to the sequence's length. */
  private static float[][] rows(NDArray logps, List<GrpoRollout> batch) {
    float[] flat = logps.toFloatArray();
    int t = (int) logps.getShape().get(1);
    float[][] out = new float[batch.size()][];
    for (int i = 0; i < batch.size(); i++) {
      out[i] = Arrays.copyOfRange(flat, i * t, i * t + batch.get(i).sequence().length());
    }
    return out;
  }

  private void setDropout(boolean on) {
    if (policy.adapter() != null) {
      policy.adapter().setTraining(on);
    }
  }

  private void logMetrics(
      MetricsWindow window,
      List<GeneratedSequence> flat,
      double[] totals,
      double[][] each,
      GrpoAdvantages.Result adv,
      double seconds) {
    int n = totals.length;
    window.add("reward", GrpoAdvantages.mean(totals, 0, n), 1);
    window.add("reward_std", GrpoAdvantages.mean(adv.groupStd(), 0, adv.groupStd().length), 1);
    List<String> names = rewards.names();
    for (int k = 0; k < names.size(); k++) {
      window.add("rewards/" + names.get(k) + "/mean", GrpoAdvantages.mean(each[k], 0, n), 1);
      window.add("rewards/" + names.get(k) + "/std", GrpoAdvantages.std(each[k], 0, n), 1);
    }
    double zeroStd = 0;
    for (double s : adv.groupStd()) {
      zeroStd += Math.abs(s) < 1e-8 ? 1 : 0;
    }
    window.add("frac_reward_zero_std", zeroStd / adv.groupStd().length, 1);
    double lengthSum = 0;
    int min = Integer.MAX_VALUE;
    int max = 0;
    int clipped = 0;
    double terminatedSum = 0;
    for (GeneratedSequence s : flat) {
      int length = s.tokenIds().length;
      lengthSum += length;
      min = Math.min(min, length);
      max = Math.max(max, length);
      if (s.finishReason() == FinishReason.LENGTH) {
        clipped++;
      } else {
        terminatedSum += length;
      }
    }
    window.add("completions/mean_length", lengthSum / n, 1);
    window.add("completions/min_length", min, 1);
    window.add("completions/max_length", max, 1);
    window.add("completions/clipped_ratio", (double) clipped / n, 1);
    window.add(
        "completions/mean_terminated_length", clipped == n ? 0 : terminatedSum / (n - clipped), 1);
    window.add("generation_tokens_per_second", seconds > 0 ? lengthSum / seconds : 0, seconds);
  }
}
