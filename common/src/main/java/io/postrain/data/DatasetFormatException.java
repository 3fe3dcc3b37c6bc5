package io.postrain.data;

/**
 * A data set file or row that does not fit an accepted layout; the message names the file, the
 * 1-based line number and the accepted layouts.
 */
public class DatasetFormatException extends IllegalArgumentException {

  public DatasetFormatException(String message) {
    super(message);
  }

  public DatasetFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
