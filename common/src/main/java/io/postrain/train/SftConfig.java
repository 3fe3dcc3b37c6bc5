package io.postrain.train;

import java.util.function.Consumer;

/**
 * Supervised fine-tuning configuration, after TRL's {@code SFTConfig}.
 *
 * <p>{@link #builder()} starts from TRL's SFT defaults: {@code learningRate} 2e-5, {@code
 * loggingSteps} 10, {@code maxLength} 1024, the rest as in {@link TrainingConfig} (TRL's {@code
 * gradient_checkpointing=True} default is the one deliberate difference: see {@link
 * TrainingConfig}).
 *
 * @param training the shared {@code TrainingArguments} part
 * @param completionOnlyLoss boolean, default true, for prompt-completion examples compute the loss
 *     on completion tokens only (TRL's {@code completion_only_loss}; TRL's None means true for
 *     prompt-completion data). Plain-text examples always train on every token.
 * @param assistantOnlyLoss boolean, default false, for conversational examples compute the loss on
 *     assistant turns only (TRL's {@code assistant_only_loss})
 * @param packing boolean, default false; must stay false: this engine does not pack several
 *     examples into one sequence, so true is refused rather than ignored
 */
public record SftConfig(
    TrainingConfig training,
    boolean completionOnlyLoss,
    boolean assistantOnlyLoss,
    boolean packing) {

  public SftConfig {
    ConfigChecks.required("training", training);
    if (packing) {
      throw new IllegalArgumentException(
          "packing=true is not supported: this engine trains one example per sequence (padded"
              + " batches); set packing to false");
    }
  }

  /** A builder with TRL's SFT defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .training(training)
        .completionOnlyLoss(completionOnlyLoss)
        .assistantOnlyLoss(assistantOnlyLoss)
        .packing(packing);
  }

  /** This config as JSON (every field, TRL names in camelCase). */
  public String toJson() {
    return ConfigJson.write(this);
  }

  /**
   * Reads a config written by {@link #toJson()}; absent fields take TRL's SFT defaults.
   *
   * @throws IllegalArgumentException on malformed JSON, an unknown field or an invalid value
   */
  public static SftConfig fromJson(String json) {
    return ConfigJson.read(json, builder().build(), SftConfig.class);
  }

  /** Mutable builder for {@link SftConfig}; {@link #build()} validates. */
  public static final class Builder {
    private TrainingConfig.Builder training =
        TrainingConfig.builder().learningRate(2e-5).loggingSteps(10);
    private boolean completionOnlyLoss = true;
    private boolean assistantOnlyLoss = false;
    private boolean packing = false;

    private Builder() {}

    /** Edits the shared part in place, e.g. {@code training(t -> t.learningRate(8e-5))}. */
    public Builder training(Consumer<TrainingConfig.Builder> edit) {
      edit.accept(training);
      return this;
    }

    /** Replaces the shared part. */
    public Builder training(TrainingConfig config) {
      training = config.toBuilder();
      return this;
    }

    public Builder completionOnlyLoss(boolean v) {
      completionOnlyLoss = v;
      return this;
    }

    public Builder assistantOnlyLoss(boolean v) {
      assistantOnlyLoss = v;
      return this;
    }

    public Builder packing(boolean v) {
      packing = v;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} naming the bad field. */
    public SftConfig build() {
      return new SftConfig(training.build(), completionOnlyLoss, assistantOnlyLoss, packing);
    }
  }
}
