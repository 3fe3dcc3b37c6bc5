package io.postrain.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.postrain.data.PreferenceExample;
import io.postrain.data.SftExample;
import io.postrain.lm.Decoder;
import io.postrain.lm.ModelConfig;
import io.postrain.lm.ModelConfigBuilder;
import io.postrain.lm.checkpoint.CheckpointLoader;
import io.postrain.lm.checkpoint.RandomCheckpoint;
import io.postrain.lm.checkpoint.SafetensorsReader;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.generate.Generator;
import io.postrain.lm.template.ChatMessage;
import io.postrain.lm.tokenizer.ByteLevelTokenizerFiles;
import io.postrain.lm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tiny random models and small data sets for trainer tests. */
final class TrainFixtures {

  /** A tiny qwen3: vocab 272, hidden 32, 1 layer (fast enough for dozens of steps per test). */
  static final ModelConfig TINY =
      ModelConfigBuilder.tiny("qwen3")
          .hiddenSize(32)
          .intermediateSize(64)
          .numHiddenLayers(1)
          .numAttentionHeads(2)
          .numKeyValueHeads(1)
          .headDim(16)
          .build();

  static final String[][] QA = {
    {"Hi", "Hello!"},
    {"2+2?", "4"},
    {"Name?", "Deep Qwen"},
    {"Color?", "Blue"},
    {"Capital of France?", "Paris"},
    {"Bye", "Goodbye"},
    {"Sky?", "Up"},
    {"Cat?", "Meow"},
  };

  private TrainFixtures() {}

  /** Writes a random tiny checkpoint (with the byte-level tokenizer and ChatML) into dir. */
  static Path model(Path dir, long seed) {
    return RandomCheckpoint.write(dir, TINY, seed, "float32");
  }

  /** Eight one-turn conversations (prompt-completion layout). */
  static List<SftExample> conversations() {
    List<SftExample> out = new ArrayList<>();
    for (String[] qa : QA) {
      out.add(
          new SftExample.Conversation(
              List.of(ChatMessage.user(qa[0])), List.of(ChatMessage.assistant(qa[1]))));
    }
    return out;
  }

  /** Preference pairs: the chosen answer is the fixture's, the rejected one a wrong one. */
  static List<PreferenceExample> pairs(int n) {
    List<PreferenceExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String[] qa = QA[i % QA.length];
      out.add(
          new PreferenceExample.Conversation(
              List.of(ChatMessage.user(qa[0])),
              List.of(ChatMessage.assistant(qa[1])),
              List.of(ChatMessage.assistant("No idea"))));
    }
    return out;
  }

  /** Greedy answers of the checkpoint in dir to each user prompt (special tokens skipped). */
  static List<String> greedyAnswers(Path dir, List<String> prompts) {
    ModelConfig config = ModelConfig.read(dir);
    try (NDManager manager = NDManager.newBaseManager();
        Tokenizer tokenizer = Tokenizer.load(dir);
        Decoder decoder = new Decoder(config, CheckpointLoader.load(dir, config, manager))) {
      List<long[]> ids = new ArrayList<>();
      for (String p : prompts) {
        ids.add(
            tokenizer.encode(
                tokenizer.chatTemplate().render(List.of(ChatMessage.user(p)), true, false)));
      }
      GenerationConfig greedy =
          GenerationConfig.greedy(24, List.of(ByteLevelTokenizerFiles.IM_END_ID));
      List<String> out = new ArrayList<>();
      new Generator()
          .generate(decoder, ids, greedy)
          .forEach(seqs -> out.add(tokenizer.decode(seqs.get(0).tokenIds(), true)));
      return out;
    }
  }

  /** The f32 weights of a checkpoint directory as Java arrays. */
  static Map<String, float[]> weights(Path dir) {
    ModelConfig config = ModelConfig.read(dir);
    Map<String, float[]> out = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (Map.Entry<String, NDArray> e : CheckpointLoader.load(dir, config, manager).entrySet()) {
        out.put(e.getKey(), e.getValue().toFloatArray());
      }
    }
    return out;
  }

  /** The tensors of a PEFT adapter directory as Java arrays. */
  static Map<String, float[]> adapter(Path dir) {
    Map<String, float[]> out = new LinkedHashMap<>();
    try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("adapter_model.safetensors"))) {
      for (String name : r.tensors().keySet()) {
        out.put(name, r.readFloats(name));
      }
    }
    return out;
  }

  /** Largest absolute difference between equally named arrays. */
  static double maxDifference(Map<String, float[]> a, Map<String, float[]> b) {
    double max = 0;
    for (Map.Entry<String, float[]> e : a.entrySet()) {
      float[] x = e.getValue();
      float[] y = b.get(e.getKey());
      for (int i = 0; i < x.length; i++) {
        max = Math.max(max, Math.abs(x[i] - y[i]));
      }
    }
    return max;
  }

  /**
   * TRL's check after a few training steps: every trainable parameter has changed, that is no
   * tensor is still {@code torch.allclose} (rtol 1e-5, atol 1e-8) to its value before training. In
   * full fine-tuning every weight of the checkpoint is trainable.
   */
  static void assertEveryParameterChanged(Map<String, float[]> before, Map<String, float[]> after) {
    assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
    for (Map.Entry<String, float[]> e : before.entrySet()) {
      float[] x = e.getValue();
      float[] y = after.get(e.getKey());
      boolean changed = false;
      for (int i = 0; i < x.length && !changed; i++) {
        changed = Math.abs(x[i] - y[i]) > 1e-8 + 1e-5 * Math.abs(y[i]);
      }
      assertThat(changed).as("parameter %s has not changed", e.getKey()).isTrue();
    }
  }

  /** A listener that records every progress event. */
  /**
   * {@code log softmax(row)[id]} in doubles, over the V logits starting at {@code from}: an
   * independent full-vocab check of the trainers' log-probs.
   */
  static double logSoftmaxAt(float[] logits, int from, int v, long id) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < v; j++) {
      max = Math.max(max, logits[from + j]);
    }
    double z = 0;
    for (int j = 0; j < v; j++) {
      z += Math.exp(logits[from + j] - max);
    }
    return logits[from + (int) id] - max - Math.log(z);
  }

  static final class Recorder implements TrainingListener {
    final List<TrainingProgress> logs = new ArrayList<>();
    final List<Integer> checkpoints = new ArrayList<>();
    int cancelAfterCheckpoint = -1;

    @Override
    public void onLog(TrainingProgress progress) {
      logs.add(progress);
    }

    @Override
    public void onCheckpoint(int step, Path dir) {
      checkpoints.add(step);
    }

    @Override
    public boolean cancelled() {
      return cancelAfterCheckpoint > 0 && checkpoints.contains(cancelAfterCheckpoint);
    }
  }
}
