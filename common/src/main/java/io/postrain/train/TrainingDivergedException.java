package io.postrain.train;

/**
 * Thrown when the loss or the gradient norm of an optimizer step is NaN or infinite. The step is
 * not applied; the newest checkpoint written before it stays on disk.
 */
public final class TrainingDivergedException extends RuntimeException {

  private final int step;

  /**
   * @param step the 1-based optimizer step whose loss or gradient was not finite
   * @param message the value seen, the step and the last good checkpoint
   */
  public TrainingDivergedException(int step, String message) {
    super(message);
    this.step = step;
  }

  /** The 1-based optimizer step whose loss or gradient was not finite. */
  public int step() {
    return step;
  }
}
