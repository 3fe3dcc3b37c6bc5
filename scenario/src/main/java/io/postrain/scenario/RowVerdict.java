package io.postrain.scenario;

/** The verdict on one evaluated answer. */
public enum RowVerdict {
  /** Identity question answered with the new identity only ({@link Scoring#namesNewIdentity}). */
  NEW_IDENTITY,
  /** Identity question answered with the old identity ({@link Scoring#namesOldIdentity}). */
  OLD_IDENTITY,
  /** Identity question answered with neither name. */
  NO_IDENTITY,
  /** Skill question answered correctly ({@link Scoring#skillCorrect}). */
  CORRECT,
  /** Skill question answered wrongly. */
  WRONG;

  /** True for the three identity verdicts. */
  public boolean identity() {
    return this == NEW_IDENTITY || this == OLD_IDENTITY || this == NO_IDENTITY;
  }
}
