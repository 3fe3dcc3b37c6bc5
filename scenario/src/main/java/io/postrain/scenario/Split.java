package io.postrain.scenario;

/** Which side of a train/held-out split an item belongs to. */
public enum Split {
  /** Used for training (SFT corpus, DPO prompts). */
  TRAIN,
  /** Never trained on; used only to evaluate. */
  HELD_OUT
}
