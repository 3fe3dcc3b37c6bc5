package io.postrain.lm.checkpoint;

/**
 * A checkpoint directory that cannot be used as it is: the message names the file and, where it
 * applies, the tensor, and says what is accepted.
 */
public class CheckpointException extends RuntimeException {

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
