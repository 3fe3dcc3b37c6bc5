package io.postrain.inference.rest;

import io.postrain.events.Events;
import io.postrain.inference.rest.model.ChatCompletionChunk.Delta;
import io.postrain.inference.service.IncrementalDecoder;
import io.postrain.inference.service.Pending;
import io.postrain.lm.Completion;
import io.postrain.lm.Tokenizer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes a streamed chat completion: per choice a first chunk with the assistant role, then one
 * chunk per piece of complete UTF-8 text as tokens arrive from the generation worker, then a chunk
 * with the finish reason; finally {@code data: [DONE]}.
 */
final class ChunkWriter {

  private final String id;
  private final long created;
  private final String model;
  private final IncrementalDecoder[] decoders;

  ChunkWriter(String id, long created, String model, Tokenizer tokenizer, int n) {
    this.id = id;
    this.created = created;
    this.model = model;
    this.decoders = new IncrementalDecoder[n];
    for (int i = 0; i < n; i++) {
      decoders[i] = new IncrementalDecoder(tokenizer);
    }
  }

  /** Streams until the generation is done and every token written. */
  void stream(OutputStream out, BlockingQueue<long[]> tokens, Pending pending) throws IOException {
    for (int i = 0; i < decoders.length; i++) {
      write(out, i, new Delta("assistant", ""), null);
    }
    try {
      while (true) {
        long[] next = tokens.poll(50, TimeUnit.MILLISECONDS);
        if (next == null) {
          if (pending.result().isDone() && tokens.isEmpty()) {
            break;
          }
          continue;
        }
        String piece = decoders[(int) next[0]].push(next[1]);
        if (!piece.isEmpty()) {
          write(out, (int) next[0], new Delta(null, piece), null);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while streaming", e);
    }
    try {
      List<Completion> completions = pending.await();
      for (int i = 0; i < decoders.length; i++) {
        Completion c = completions.get(i);
        String rest = decoders[i].finish(c.text());
        write(out, i, new Delta(null, rest.isEmpty() ? null : rest), c.finishReason().jsonName());
      }
    } catch (RuntimeException e) {
      String error =
          Events.toJson(Map.of("error", Map.of("message", "generation failed: " + e.getMessage())));
      out.write(("data: " + error + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void write(OutputStream out, int index, Delta delta, String finishReason)
      throws IOException {
    String event =
        ChatCompletionsResource.event(
            ChatCompletionsResource.chunk(id, created, model, index, delta, finishReason));
    out.write(event.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
