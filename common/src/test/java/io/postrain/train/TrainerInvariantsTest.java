package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.postrain.lm.Decoder;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.checkpoint.CheckpointLoader;
import io.postrain.lm.checkpoint.SafetensorsReader;
import io.postrain.lm.tokenizer.ByteLevelTokenizerFiles;
import io.postrain.lm.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerInvariantsTest {

  @TempDir Path tmp;

  /**
   * With adamEpsilon 1 and learning rate 1 the first AdamW update is ~ -g / (|g| + 1) ~ -g for
   * small gradients, so the weights after one step expose the accumulated gradient itself (a plain
   * first Adam step, g / |g|, would hide any wrong normalisation).
   */
  private static SftConfig accumulation(int batch, int steps) {
    return SftConfig.builder()
        .training(
            t ->
                t.learningRate(1.0)
                    .adamEpsilon(1.0)
                    .maxGradNorm(0)
                    .maxSteps(1)
                    .perDeviceTrainBatchSize(batch)
                    .gradientAccumulationSteps(steps)
                    .lrSchedulerType(LrSchedulerType.CONSTANT)
                    .saveSteps(100))
        .build();
  }

  @Test
  void batchOfOneTimesFourAccumulationsEqualsBatchOfFour() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 21);
    var data = TrainFixtures.conversations().subList(0, 4); // different lengths
    new SftTrainer(accumulation(1, 4), null)
        .train(model, data, tmp.resolve("a"), false, TrainingListener.NONE);
    new SftTrainer(accumulation(4, 1), null)
        .train(model, data, tmp.resolve("b"), false, TrainingListener.NONE);
    Map<String, float[]> a = TrainFixtures.weights(tmp.resolve("a"));
    Map<String, float[]> b = TrainFixtures.weights(tmp.resolve("b"));
    assertThat(TrainFixtures.maxDifference(a, TrainFixtures.weights(model))).isGreaterThan(1e-4);
    assertThat(TrainFixtures.maxDifference(a, b)).isLessThan(1e-5);
  }

  @Test
  void loraTrainsOnlyTheAdapterAndACheckpointReloadsWithIdenticalLogits() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 22);
    LoraConfig lora = LoraConfig.builder().r(4).alpha(16).build();
    SftConfig config = accumulation(4, 1);
    try (NDManager manager = NDManager.newBaseManager();
        Tokenizer tokenizer = Tokenizer.load(model);
        TrainableModel policy = TrainableModel.load(model, null, lora, 5, manager);
        ParamGroups optimizer = new ParamGroups(policy.trainable(), config.training())) {
      assertThat(policy.trainable().keySet()).allMatch(n -> n.contains(".lora_"));
      Map<String, float[]> baseBefore = snapshot(policy.decoder().parameters());
      Map<String, float[]> adapterBefore = snapshot(policy.trainable());
      ChatTokenization tokenization = new ChatTokenization(tokenizer);
      List<TokenizedSequence> batch = new ArrayList<>();
      var data = TrainFixtures.conversations();
      for (int i = 0; i < 4; i++) {
        batch.add(tokenization.sft(data.get(i), config, i));
      }
      SftTrainer.Objective objective = new SftTrainer.Objective(policy, tokenizer.padTokenId());
      for (int step = 0; step < 3; step++) {
        try (NDManager m = manager.newSubManager();
            GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          long units = TrainingObjective.sum(batch, objective::units);
          collector.backward(objective.loss(batch, units, m, new MetricsWindow()));
        }
        Map<String, NDArray> grads = policy.gradients();
        optimizer.step(grads, 1e-2);
        grads.values().forEach(NDArray::close);
        policy.zeroGradients();
      }
      Map<String, float[]> baseAfter = snapshot(policy.decoder().parameters());
      baseBefore.forEach((name, w) -> assertThat(baseAfter.get(name)).as(name).isEqualTo(w));
      Map<String, float[]> adapterAfter = snapshot(policy.trainable());
      adapterBefore.forEach(
          (name, w) -> assertThat(adapterAfter.get(name)).as(name).isNotEqualTo(w));

      Path saved = tmp.resolve("adapter");
      policy.save(saved);
      Path merged = tmp.resolve("merged");
      LoraMerge.merge(model, saved, merged);
      long[] ids = {ByteLevelTokenizerFiles.FIRST_SPECIAL_ID + 1, 72, 105, 33, 10};
      float[] live;
      try (NDManager m = manager.newSubManager();
          NoGrad noGrad = NoGrad.enter()) {
        live = policy.decoder().forward(m.create(ids).reshape(1, 5), null, null).toFloatArray();
      }
      ModelConfig c = ModelConfig.read(merged);
      try (NDManager m = NDManager.newBaseManager();
          NoGrad noGrad = NoGrad.enter();
          Decoder reloaded = new Decoder(c, CheckpointLoader.load(merged, c, m))) {
        float[] fromDisk = reloaded.forward(m.create(ids).reshape(1, 5), null, null).toFloatArray();
        for (int i = 0; i < live.length; i++) {
          assertThat(fromDisk[i]).isCloseTo(live[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
      }
    }
  }

  @Test
  void fullCheckpointReloadsWithBitIdenticalLogits() {
    Path model = TrainFixtures.model(tmp.resolve("base"), 24);
    try (NDManager manager = NDManager.newBaseManager();
        TrainableModel policy = TrainableModel.load(model, null, null, 5, manager)) {
      try (NoGrad noGrad = NoGrad.enter()) { // move the weights away from the stored ones
        policy.trainable().values().forEach(w -> w.addi(w.mul(w)));
      }
      Path saved = tmp.resolve("saved");
      policy.save(saved);
      long[] ids = {257, 72, 105, 258, 10, 257};
      try (NDManager m = manager.newSubManager();
          NoGrad noGrad = NoGrad.enter();
          Decoder reloaded =
              new Decoder(policy.config(), CheckpointLoader.load(saved, policy.config(), m))) {
        float[] live =
            policy.decoder().forward(m.create(ids).reshape(1, 6), null, null).toFloatArray();
        float[] fromDisk = reloaded.forward(m.create(ids).reshape(1, 6), null, null).toFloatArray();
        assertThat(fromDisk).containsExactly(live);
      }
    }
  }

  @Test
  void adapterHasPeftKeysAndShapesAndMergesToBasePlusScaledProduct() throws IOException {
    Path model = TrainFixtures.model(tmp.resolve("base"), 23);
    LoraConfig lora = LoraConfig.builder().r(4).alpha(8).build();
    SftConfig config =
        SftConfig.builder()
            .training(
                t -> t.learningRate(1e-2).maxSteps(3).perDeviceTrainBatchSize(8).saveSteps(100))
            .build();
    Path out = tmp.resolve("out");
    new SftTrainer(config, lora)
        .train(model, TrainFixtures.conversations(), out, false, TrainingListener.NONE);

    JsonNode cfg = new ObjectMapper().readTree(out.resolve("adapter_config.json").toFile());
    assertThat(cfg.get("peft_type").asText()).isEqualTo("LORA");
    assertThat(cfg.get("task_type").asText()).isEqualTo("CAUSAL_LM");
    assertThat(cfg.get("r").asInt()).isEqualTo(4);
    assertThat(cfg.get("lora_alpha").asDouble()).isEqualTo(8.0);
    assertThat(cfg.get("bias").asText()).isEqualTo("none");
    assertThat(cfg.get("inference_mode").asBoolean()).isTrue();
    assertThat(cfg.get("fan_in_fan_out").asBoolean()).isFalse();
    assertThat(cfg.get("target_modules")).hasSize(7);
    assertThat(out.resolve("tokenizer.json")).exists();

    ModelConfig c = TrainFixtures.TINY;
    Map<String, long[]> expected = new HashMap<>();
    for (String module : LoraConfig.ALL_PROJECTIONS) {
      String parent =
          module.endsWith("_proj") && module.matches("[qkvo]_proj") ? "self_attn" : "mlp";
      long[] w = c.tensorShapes().get("model.layers.0." + parent + "." + module + ".weight");
      String prefix = "base_model.model.model.layers.0." + parent + "." + module;
      expected.put(prefix + ".lora_A.weight", new long[] {4, w[1]});
      expected.put(prefix + ".lora_B.weight", new long[] {w[0], 4});
    }
    Map<String, float[]> a = new HashMap<>();
    try (SafetensorsReader r = SafetensorsReader.open(out.resolve("adapter_model.safetensors"))) {
      assertThat(r.tensors().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      expected.forEach((k, shape) -> assertThat(r.tensors().get(k).shape()).as(k).isEqualTo(shape));
      r.tensors().keySet().forEach(k -> a.put(k, r.readFloats(k)));
    }

    Path merged = tmp.resolve("merged");
    LoraMerge.merge(model, out, merged);
    Map<String, float[]> base = TrainFixtures.weights(model);
    Map<String, float[]> result = TrainFixtures.weights(merged);
    double scaling = 8.0 / 4;
    for (String name : base.keySet()) {
      String module = name.substring(0, name.length() - ".weight".length());
      float[] matA = a.get("base_model.model." + module + ".lora_A.weight");
      if (matA == null) {
        assertThat(result.get(name)).as(name).isEqualTo(base.get(name));
        continue;
      }
      float[] matB = a.get("base_model.model." + module + ".lora_B.weight");
      long[] shape = c.tensorShapes().get(name);
      int out2 = (int) shape[0];
      int in = (int) shape[1];
      for (int i = 0; i < out2; i++) {
        for (int j = 0; j < in; j++) {
          double ba = 0;
          for (int k = 0; k < 4; k++) {
            ba += (double) matB[i * 4 + k] * matA[k * in + j];
          }
          double want = base.get(name)[i * in + j] + scaling * ba;
          assertThat((double) result.get(name)[i * in + j])
              .as("%s[%d,%d]", name, i, j)
              .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-5));
        }
      }
    }
  }

  private static Map<String, float[]> snapshot(Map<String, NDArray> arrays) {
    Map<String, float[]> out = new HashMap<>();
    arrays.forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }
}
