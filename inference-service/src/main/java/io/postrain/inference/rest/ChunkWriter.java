package io.postrain.inference.rest;

import io.postrain.events.Events;
import io.postrain.inference.api.ChatCompletion;
import io.postrain.inference.api.ChatCompletionChunk;
import io.postrain.inference.api.ChatCompletionChunk.ChunkChoice;
import io.postrain.inference.api.ChatCompletionChunk.Delta;
import io.postrain.inference.api.ChatLogprobs;
import io.postrain.inference.rest.ChatRequestChecks.Checked;
import io.postrain.inference.service.IncrementalDecoder;
import io.postrain.inference.service.Pending;
import io.postrain.inference.service.ToolCallParser;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.generate.Completion;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes a streamed chat completion: per choice a first chunk with the assistant role, then one
 * chunk per piece of complete UTF-8 text as tokens arrive from the generation worker (never a stop
 * sequence or a tool call, not even the beginning of one), then a last chunk with the rest of the
 * text, the tool calls, the logprobs (when asked for) and the finish reason; with {@code
 * include_usage} a chunk without choices holding the usage; finally {@code data: [DONE]}.
 */
final class ChunkWriter {

  /**
   * What the chunks name.
   *
   * @param id the chunks' id, {@code chatcmpl-...}
   * @param answerId the answer's id, for tool call ids
   * @param created Unix seconds
   * @param model {@code name:version}
   * @param checked the request
   * @param usage whether to end with a usage chunk
   */
  record Stream(
      String id, String answerId, long created, String model, Checked checked, boolean usage) {}

  private final Stream stream;
  private final LanguageModel lm;
  private final IncrementalDecoder[] decoders;

  ChunkWriter(Stream stream, LanguageModel lm) {
    this.stream = stream;
    this.lm = lm;
    List<String> holdBack = new ArrayList<>(stream.checked().options().stop());
    if (stream.checked().tools()) {
      holdBack.add(ToolCallParser.OPEN);
    }
    int n = stream.checked().sampling().n();
    this.decoders = new IncrementalDecoder[n];
    for (int i = 0; i < n; i++) {
      decoders[i] = new IncrementalDecoder(lm.tokenizer(), holdBack);
    }
  }

  /** Streams until the generation is done and every token written. */
  void stream(OutputStream out, BlockingQueue<long[]> tokens, Pending pending) throws IOException {
    for (int i = 0; i < decoders.length; i++) {
      write(out, i, new Delta("assistant", "", null), null, null);
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
          write(out, (int) next[0], new Delta(null, piece, null), null, null);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while streaming", e);
    }
    try {
      finish(out, pending.await());
    } catch (RuntimeException e) {
      String error =
          Events.toJson(
              Map.of(
                  "error",
                  Map.of(
                      "message", "generation failed: " + e.getMessage(), "type", "server_error")));
      out.write(("data: " + error + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void finish(OutputStream out, List<Completion> completions) throws IOException {
    Set<Integer> stopIds = Set.copyOf(lm.stopTokenIds());
    boolean logprobs = stream.checked().options().topLogprobs() >= 0;
    for (int i = 0; i < decoders.length; i++) {
      Completion c = completions.get(i);
      ChatAnswers.Parts parts =
          ChatAnswers.parts(stream.answerId(), i, c, stream.checked().tools());
      String rest = decoders[i].finish(parts.content() == null ? "" : parts.content());
      Delta delta =
          new Delta(
              null,
              rest.isEmpty() ? null : rest,
              parts.toolCalls().isEmpty() ? null : ChatAnswers.indexed(parts.toolCalls()));
      write(
          out,
          i,
          delta,
          ChatAnswers.logprobs(c, logprobs, lm.tokenizer(), stopIds),
          parts.finishReason());
    }
    if (stream.usage()) {
      ChatCompletion.Usage usage = ChatAnswers.usage(completions);
      out.write(
          ChatCompletionsResource.event(chunk(List.of(), usage)).getBytes(StandardCharsets.UTF_8));
    }
  }

  private void write(
      OutputStream out, int index, Delta delta, ChatLogprobs logprobs, String finishReason)
      throws IOException {
    ChatCompletionChunk chunk =
        chunk(List.of(new ChunkChoice(index, delta, logprobs, finishReason)), null);
    out.write(ChatCompletionsResource.event(chunk).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private ChatCompletionChunk chunk(List<ChunkChoice> choices, ChatCompletion.Usage usage) {
    return new ChatCompletionChunk(
        stream.id(), "chat.completion.chunk", stream.created(), stream.model(), choices, usage);
  }
}
