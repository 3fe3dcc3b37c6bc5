package io.postrain.lm.generate;

/**
 * Told of every token {@link Generator} samples, as soon as it is sampled, for streaming answers.
 * Called on the generating thread, once per row and step, in row order; a row's stop token is
 * reported too. Implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface TokenListener {

  /** A listener that ignores every token. */
  TokenListener NONE = (row, tokenId) -> {};

  /**
   * @param row the batch row: prompt index x n + candidate index
   * @param tokenId the token just sampled for that row
   */
  void onToken(int row, long tokenId);
}
