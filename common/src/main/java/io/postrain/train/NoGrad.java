package io.postrain.train;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd off on the calling thread until closed, then restores the previous mode
 * ({@code torch.no_grad()}); grad mode is per thread, so open and close it on one thread.
 */
public final class NoGrad implements AutoCloseable {

  private final boolean previous;

  private NoGrad() {
    previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
  }

  /** Enters no-grad mode; use in try-with-resources. */
  public static NoGrad enter() {
    return new NoGrad();
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
