package io.postrain.train;

/** Thrown when a {@link TrainingListener} asked a running training to stop. */
public final class TrainingCancelledException extends RuntimeException {

  private final int step;

  /**
   * @param step optimizer steps completed when the training stopped
   * @param message what happened and which checkpoint a resume would use
   */
  public TrainingCancelledException(int step, String message) {
    super(message);
    this.step = step;
  }

  /** Optimizer steps completed when the training stopped. */
  public int step() {
    return step;
  }
}
