package io.postrain.inference.rest;

import io.postrain.events.Events;
import io.postrain.events.InvalidEventException;
import io.postrain.inference.api.ChatCompletion;
import io.postrain.inference.api.ChatCompletionRequest;
import io.postrain.inference.config.InferenceConfig;
import io.postrain.inference.rest.ChatRequestChecks.Checked;
import io.postrain.inference.service.InferenceService;
import io.postrain.inference.service.ModelRegistry;
import io.postrain.inference.service.Pending;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.generate.Completion;
import io.postrain.lm.generate.TokenListener;
import io.postrain.service.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code POST /v1/chat/completions} in OpenAI's shape, so OpenAI clients work unchanged; with
 * {@code stream: true} the answer is server-sent {@code chat.completion.chunk} events ending with
 * {@code data: [DONE]}. Errors are in OpenAI's shape too (see {@link OpenAiErrors}).
 */
@Path("/v1/chat/completions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
public class ChatCompletionsResource {

  @Inject InferenceService inference;

  @Inject ModelRegistry registry;

  @Inject InferenceConfig config;

  /** Answers a chat completion request, streamed or whole. */
  @POST
  public Response complete(byte[] body) {
    RequestChecks.bodySize(body, config.limits().maxRequestBytes());
    ChatCompletionRequest request =
        StrictJson.read(body, ChatCompletionRequest.class, ChatRequestChecks.UNSUPPORTED);
    Checked checked = ChatRequestChecks.check(request, config);
    OpenAiErrors.requireServed(registry, "model", request.model());
    boolean thinking = Boolean.TRUE.equals(request.enableThinking());
    if (Boolean.TRUE.equals(request.stream())) {
      boolean usage =
          request.streamOptions() != null
              && Boolean.TRUE.equals(request.streamOptions().includeUsage());
      return stream(request.model(), checked, thinking, usage);
    }
    try (Pending pending =
        inference.start(
            "model",
            request.model(),
            checked.input(),
            checked.sampling(),
            checked.options(),
            thinking,
            TokenListener.NONE)) {
      ChatCompletion answer = whole(pending, pending.await(), checked);
      return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).build();
    }
  }

  /** The answer, built while the model version (its tokenizer) is still held. */
  private static ChatCompletion whole(
      Pending pending, List<Completion> completions, Checked checked) {
    LanguageModel lm = pending.model().model();
    Set<Integer> stopIds = Set.copyOf(lm.stopTokenIds());
    boolean logprobs = checked.options().topLogprobs() >= 0;
    List<ChatCompletion.Choice> choices = new ArrayList<>();
    for (int i = 0; i < completions.size(); i++) {
      Completion c = completions.get(i);
      ChatAnswers.Parts parts = ChatAnswers.parts(pending.id(), i, c, checked.tools());
      choices.add(
          new ChatCompletion.Choice(
              i,
              new ChatCompletion.AssistantMessage("assistant", parts.content(), parts.toolCalls()),
              ChatAnswers.logprobs(c, logprobs, lm.tokenizer(), stopIds),
              parts.finishReason()));
    }
    return new ChatCompletion(
        "chatcmpl-" + pending.id(),
        "chat.completion",
        System.currentTimeMillis() / 1000,
        pending.model().id(),
        choices,
        ChatAnswers.usage(completions));
  }

  private Response stream(String model, Checked checked, boolean thinking, boolean usage) {
    BlockingQueue<long[]> tokens = new LinkedBlockingQueue<>(); // {candidate, token id}
    Pending pending =
        inference.start(
            "model",
            model,
            checked.input(),
            checked.sampling(),
            checked.options(),
            thinking,
            (candidate, token) -> tokens.add(new long[] {candidate, token}));
    ChunkWriter writer =
        new ChunkWriter(
            new ChunkWriter.Stream(
                "chatcmpl-" + pending.id(),
                pending.id(),
                System.currentTimeMillis() / 1000,
                pending.model().id(),
                checked,
                usage),
            pending.model().model());
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

  @ServerExceptionMapper
  public Response refusal(OpenAiErrors.Refusal e) {
    return OpenAiErrors.of(e);
  }

  @ServerExceptionMapper
  public Response apiException(ApiException e) {
    return OpenAiErrors.of(e);
  }

  @ServerExceptionMapper
  public Response invalid(InvalidEventException e) {
    return OpenAiErrors.of(e);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    return OpenAiErrors.of(e);
  }

  /** Serialises one object as a server-sent event. */
  static String event(Object chunk) {
    return "data: " + Events.toJson(chunk) + "\n\n";
  }
}
