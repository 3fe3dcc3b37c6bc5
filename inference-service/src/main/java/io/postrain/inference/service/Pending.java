package io.postrain.inference.service;

import io.postrain.lm.generate.Completion;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A generation request on its way: the model version it runs on (held until {@link #close()}), the
 * encoded prompt and the result to come.
 */
public final class Pending implements AutoCloseable {

  private final String id;
  private final LoadedModel model;
  private final int promptTokens;
  private final CompletableFuture<List<Completion>> result;
  private boolean closed;

  Pending(
      String id, LoadedModel model, int promptTokens, CompletableFuture<List<Completion>> result) {
    this.id = id;
    this.model = model;
    this.promptTokens = promptTokens;
    this.result = result;
  }

  /** A fresh id for the answer. */
  public String id() {
    return id;
  }

  /** The version answering; usable (e.g. its tokenizer) until {@link #close()}. */
  public LoadedModel model() {
    return model;
  }

  public int promptTokens() {
    return promptTokens;
  }

  /** The result, completed by the generation worker. */
  public CompletableFuture<List<Completion>> result() {
    return result;
  }

  /** Waits for the n completions; rethrows a generation failure unwrapped. */
  public List<Completion> await() {
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /** Releases the model version (it may close, if retired, once the worker is done with it too). */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      model.release();
    }
  }
}
