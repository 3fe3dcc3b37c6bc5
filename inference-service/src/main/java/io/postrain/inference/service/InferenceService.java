package io.postrain.inference.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.postrain.events.SamplingParams;
import io.postrain.lm.checkpoint.LanguageModel;
import io.postrain.lm.generate.Completion;
import io.postrain.lm.generate.GenerationConfig;
import io.postrain.lm.generate.TokenListener;
import io.postrain.lm.template.ChatMessage;
import io.postrain.lm.template.ChatTemplateException;
import io.postrain.service.ApiException;
import io.postrain.service.RequestNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers conversations with a served model: resolves the model reference, renders and encodes the
 * prompt, checks it fits the model's context, and queues it for the generation worker.
 */
@ApplicationScoped
public class InferenceService {

  @Inject ModelRegistry registry;

  @Inject GenerationScheduler scheduler;

  @Inject MeterRegistry meters;

  /**
   * Starts generating; the caller closes the returned {@link Pending} when done with it.
   *
   * @param modelField the request field holding the model reference, for errors
   * @param modelRef {@code name}, {@code name:version} or {@code name:latest}
   * @param messages the conversation, at least one message
   * @param sampling how to sample; a null seed is drawn at random
   * @param enableThinking passed to the chat template
   * @param listener told of each token with its candidate index, on the worker thread
   * @throws ApiException 400 for an unknown model or a prompt beyond the model's context, 503 when
   *     the queue is full
   */
  public Pending start(
      String modelField,
      String modelRef,
      List<ChatMessage> messages,
      SamplingParams sampling,
      boolean enableThinking,
      TokenListener listener) {
    return start(
        modelField,
        modelRef,
        ChatInput.of(messages),
        sampling,
        GenerationOptions.NONE,
        enableThinking,
        listener);
  }

  /**
   * Starts generating a conversation with tools, stop strings or log-probabilities; otherwise as
   * {@link #start(String, String, List, SamplingParams, boolean, TokenListener)}.
   *
   * @throws ApiException 400 also when tools are given and the model's chat template ignores them
   */
  public Pending start(
      String modelField,
      String modelRef,
      ChatInput input,
      SamplingParams sampling,
      GenerationOptions options,
      boolean enableThinking,
      TokenListener listener) {
    LoadedModel model =
        registry.acquire(modelField, RequestNames.modelReference(modelField, modelRef));
    try {
      LanguageModel lm = model.model();
      long[] prompt = encode(model, input, enableThinking);
      int context = lm.config().maxPositionEmbeddings();
      if (prompt.length + sampling.maxNewTokens() > context) {
        throw ApiException.badRequest(
            "messages",
            "the prompt has "
                + prompt.length
                + " tokens and max new tokens is "
                + sampling.maxNewTokens()
                + ": together more than the model's context of "
                + context
                + " tokens; shorten the messages or ask for fewer tokens");
      }
      GenerationConfig config =
          generationConfig(lm, sampling)
              .withStopStrings(options.stop())
              .withTopLogprobs(options.topLogprobs());
      CompletableFuture<List<Completion>> result = new CompletableFuture<>();
      model.hold();
      result.whenComplete((r, e) -> model.release());
      Timer.Sample timing = Timer.start(meters);
      result.whenComplete(
          (r, e) ->
              timing.stop(
                  Timer.builder("postrain.inference.request.latency")
                      .description("Time from queueing a prompt to its completions")
                      .tag("outcome", e == null ? "ok" : "error")
                      .register(meters)));
      try {
        scheduler.submit(
            new GenerationJob(model, prompt, config, listener, result, System.nanoTime()));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
        throw e;
      }
      return new Pending(UUID.randomUUID().toString(), model, prompt.length, result);
    } catch (RuntimeException e) {
      model.release();
      throw e;
    }
  }

  /** Generates and waits for the completions. */
  public Answer generate(
      String modelField,
      String modelRef,
      List<ChatMessage> messages,
      SamplingParams sampling,
      boolean enableThinking) {
    return generate(
        modelField,
        modelRef,
        ChatInput.of(messages),
        sampling,
        GenerationOptions.NONE,
        enableThinking);
  }

  /** Generates a conversation with tools, stop strings or log-probabilities and waits. */
  public Answer generate(
      String modelField,
      String modelRef,
      ChatInput input,
      SamplingParams sampling,
      GenerationOptions options,
      boolean enableThinking) {
    try (Pending pending =
        start(modelField, modelRef, input, sampling, options, enableThinking, TokenListener.NONE)) {
      List<Completion> completions = pending.await();
      return new Answer(
          pending.id(), pending.model().name(), pending.model().version(), completions);
    }
  }

  /** A model's GenerationConfig for sampling parameters; greedy ones normalised for batching. */
  static GenerationConfig generationConfig(LanguageModel lm, SamplingParams s) {
    if (s.temperature() == 0) {
      return lm.generationConfig(s.maxNewTokens(), 0, 0, 1, 0, s.n());
    }
    long seed = s.seed() != null ? s.seed() : ThreadLocalRandom.current().nextLong();
    return lm.generationConfig(s.maxNewTokens(), s.temperature(), s.topK(), s.topP(), seed, s.n());
  }

  private static long[] encode(LoadedModel model, ChatInput input, boolean thinking) {
    LanguageModel lm = model.model();
    if (!input.tools().isEmpty() && !lm.tokenizer().chatTemplate().rendersTools()) {
      throw ApiException.badRequest(
          "tools",
          "the chat template of "
              + model.id()
              + " does not render tools, so the model would never see them: leave tools out or use"
              + " a model whose template handles them (e.g. Qwen3's)");
    }
    try {
      return lm.encodePrompt(
          input.messages(), input.tools().isEmpty() ? null : input.tools(), thinking);
    } catch (ChatTemplateException e) {
      throw ApiException.badRequest(
          "messages", "the model's chat template refused the messages: " + e.getMessage());
    }
  }
}
