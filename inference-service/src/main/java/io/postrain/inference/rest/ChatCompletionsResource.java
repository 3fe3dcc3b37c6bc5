package io.postrain.inference.rest;

import io.postrain.events.Events;
import io.postrain.events.SamplingParams;
import io.postrain.inference.config.InferenceConfig;
import io.postrain.inference.rest.model.ChatCompletion;
import io.postrain.inference.rest.model.ChatCompletionChunk;
import io.postrain.inference.rest.model.ChatCompletionChunk.ChunkChoice;
import io.postrain.inference.rest.model.ChatCompletionChunk.Delta;
import io.postrain.inference.rest.model.ChatCompletionRequest;
import io.postrain.inference.rest.model.MessageBody;
import io.postrain.inference.service.Answer;
import io.postrain.inference.service.InferenceService;
import io.postrain.inference.service.Pending;
import io.postrain.lm.ChatMessage;
import io.postrain.lm.Completion;
import io.postrain.service.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@code POST /v1/chat/completions} in OpenAI's shape, so OpenAI clients work unchanged; with
 * {@code stream: true} the answer is server-sent {@code chat.completion.chunk} events ending with
 * {@code data: [DONE]}.
 */
@Path("/v1/chat/completions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
public class ChatCompletionsResource {

  @Inject InferenceService inference;

  @Inject InferenceConfig config;

  /** Answers a chat completion request, streamed or whole. */
  @POST
  public Response complete(ChatCompletionRequest request) {
    if (request == null) {
      throw ApiException.badRequest(null, "request body is missing: expected a JSON object");
    }
    RequestChecks.required("model", request.model(), "name, name:version or name:latest");
    if (request.messages() == null) {
      throw ApiException.badRequest(
          "messages", "messages is missing: expected a non-empty list of {role, content}");
    }
    List<ChatMessage> messages = RequestChecks.messages(request.messages(), null, null);
    boolean useCompletionTokens = request.maxCompletionTokens() != null;
    SamplingParams sampling =
        RequestChecks.sampling(
            config,
            useCompletionTokens ? "max_completion_tokens" : "max_tokens",
            useCompletionTokens ? request.maxCompletionTokens() : request.maxTokens(),
            request.temperature(),
            request.topP(),
            request.topK(),
            request.seed(),
            request.n());
    boolean thinking = Boolean.TRUE.equals(request.enableThinking());
    if (Boolean.TRUE.equals(request.stream())) {
      return stream(request.model(), messages, sampling, thinking);
    }
    Answer answer = inference.generate("model", request.model(), messages, sampling, thinking);
    return Response.ok(whole(answer), MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static ChatCompletion whole(Answer answer) {
    List<ChatCompletion.Choice> choices = new ArrayList<>();
    int completionTokens = 0;
    int promptTokens = 0;
    for (int i = 0; i < answer.completions().size(); i++) {
      Completion c = answer.completions().get(i);
      choices.add(
          new ChatCompletion.Choice(
              i, new MessageBody("assistant", c.text()), c.finishReason().jsonName()));
      completionTokens += c.completionTokens();
      promptTokens = c.promptTokens();
    }
    return new ChatCompletion(
        "chatcmpl-" + answer.id(),
        "chat.completion",
        System.currentTimeMillis() / 1000,
        answer.modelName() + ":" + answer.modelVersion(),
        choices,
        new ChatCompletion.Usage(promptTokens, completionTokens, promptTokens + completionTokens));
  }

  private Response stream(
      String model, List<ChatMessage> messages, SamplingParams sampling, boolean thinking) {
    BlockingQueue<long[]> tokens = new LinkedBlockingQueue<>(); // {candidate, token id}
    Pending pending =
        inference.start(
            "model",
            model,
            messages,
            sampling,
            thinking,
            (candidate, token) -> tokens.add(new long[] {candidate, token}));
    ChunkWriter writer =
        new ChunkWriter(
            "chatcmpl-" + pending.id(),
            System.currentTimeMillis() / 1000,
            pending.model().id(),
            pending.model().model().tokenizer(),
            sampling.n());
    StreamingOutput body =
        out -> {
          try (pending) {
            writer.stream(out, tokens, pending);
          }
        };
    return Response.ok(body, MediaType.SERVER_SENT_EVENTS_TYPE)
        .header("Cache-Control", "no-cache")
        .build();
  }

  /** Serialises one chunk as a server-sent event line. */
  static String event(ChatCompletionChunk chunk) {
    return "data: " + Events.toJson(chunk) + "\n\n";
  }

  /** A chunk of one choice. */
  static ChatCompletionChunk chunk(
      String id, long created, String model, int index, Delta delta, String finishReason) {
    return new ChatCompletionChunk(
        id,
        "chat.completion.chunk",
        created,
        model,
        List.of(new ChunkChoice(index, delta, finishReason)));
  }
}
