package io.postrain.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The DPO loss variants of TRL's {@code loss_type} that this engine has (formulas in {@link
 * DpoLoss}).
 */
public enum DpoLossType {
  /** The original DPO loss, {@code -log sigmoid(beta * logits)}, with optional label smoothing. */
  SIGMOID,
  /**
   * Identity preference optimisation, {@code (logits - 1/(2 beta))^2} on length-averaged log-probs.
   */
  IPO,
  /** The SLiC hinge loss, {@code relu(1 - beta * logits)}. */
  HINGE,
  /** Robust DPO (Chowdhury et al.), unbiased under label noise {@code labelSmoothing}. */
  ROBUST,
  /** Negative log-likelihood of the chosen answer (TRL's {@code nll_loss}). */
  SFT;

  /** The TRL spelling, e.g. {@code sigmoid}. */
  @JsonValue
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the TRL spelling (case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  @JsonCreator
  public static DpoLossType parse(String value) {
    for (DpoLossType t : values()) {
      if (t.flagValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "lossType must be one of "
            + Arrays.stream(values()).map(DpoLossType::flagValue).collect(Collectors.joining(", "))
            + " (got '"
            + value
            + "')");
  }
}
