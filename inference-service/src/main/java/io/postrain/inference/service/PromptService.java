package io.postrain.inference.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.postrain.events.Candidate;
import io.postrain.events.Events;
import io.postrain.events.PromptEvent;
import io.postrain.events.ResponseEvent;
import io.postrain.inference.repository.PromptRecordEntity;
import io.postrain.inference.repository.PromptStatus;
import io.postrain.lm.generate.Completion;
import io.postrain.service.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * Answers prompts from Kafka exactly once per prompt id: the answer (or the error, e.g. an unknown
 * model) is durably stored with the prompt's record before it is sent, and a redelivered prompt
 * whose answer is stored gets that answer again (same response id) instead of a new generation. The
 * response carries the prompt's metadata. Metadata {@code enable_thinking = true} switches the chat
 * template's thinking on.
 */
@ApplicationScoped
public class PromptService {

  private static final Logger LOG = Logger.getLogger(PromptService.class);

  /** The metadata key that switches thinking on. */
  public static final String ENABLE_THINKING = "enable_thinking";

  @Inject InferenceService inference;

  @Inject MeterRegistry meters;

  /** The ResponseEvent JSON to send for a prompt: stored for a redelivery, else generated now. */
  public String answer(PromptEvent prompt) {
    String stored = receive(prompt);
    if (stored != null) {
      meters.counter("postrain.inference.prompts.redelivered").increment();
      LOG.infof("prompt %s was answered before: re-sending its stored response", prompt.id());
      return stored;
    }
    long start = System.nanoTime();
    ResponseEvent response = respond(prompt);
    long millis = (System.nanoTime() - start) / 1_000_000;
    String json = Events.toJson(response);
    String sent = store(prompt.id(), response, json, millis);
    if (!sent.equals(json)) {
      meters.counter("postrain.inference.prompts.redelivered").increment();
      LOG.infof(
          "prompt %s was answered by another delivery meanwhile: sending its stored response,"
              + " this generation is dropped",
          prompt.id());
      return sent;
    }
    meters
        .counter(
            "postrain.inference.prompts",
            "outcome",
            response.error() == null ? "answered" : "failed")
        .increment();
    return json;
  }

  /**
   * Stores the answer, unless another delivery of the prompt stored one first, and returns the
   * response to send: always the stored one, so a prompt never has two response ids. The row is
   * locked, so two deliveries answering at once (a duplicate record, a partition that moved to
   * another instance) store one answer between them. The commit is durable when this returns (H2
   * runs with {@code WRITE_DELAY=0}), before anything is sent: a response on the topic is always
   * found stored after a crash.
   */
  private String store(String promptId, ResponseEvent response, String json, long millis) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              PromptRecordEntity r =
                  PromptRecordEntity.findById(promptId, LockModeType.PESSIMISTIC_WRITE);
              if (r.status != PromptStatus.RECEIVED) {
                return r.response;
              }
              r.status = response.error() == null ? PromptStatus.ANSWERED : PromptStatus.FAILED;
              r.modelVersion = response.modelVersion();
              r.responseId = response.id();
              r.response = json;
              r.error = response.error();
              r.promptTokens =
                  response.candidates().isEmpty() ? 0 : response.candidates().get(0).promptTokens();
              r.completionTokens =
                  response.candidates().stream().mapToInt(Candidate::completionTokens).sum();
              r.answeredAt = Instant.now();
              r.generationMs = millis;
              return json;
            });
  }

  /** Records the delivery; returns the stored response when the prompt was answered before. */
  private String receive(PromptEvent prompt) {
    try {
      return QuarkusTransaction.requiringNew().call(() -> recordDelivery(prompt));
    } catch (RuntimeException e) {
      if (!isDuplicateKey(e)) {
        throw e;
      }
      // Another delivery of this prompt (a duplicate record) inserted its row at the same moment.
      return QuarkusTransaction.requiringNew().call(() -> recordDelivery(prompt));
    }
  }

  private static String recordDelivery(PromptEvent prompt) {
    PromptRecordEntity r = PromptRecordEntity.findById(prompt.id());
    if (r == null) {
      r = new PromptRecordEntity();
      r.id = prompt.id();
      r.model = prompt.model();
      r.status = PromptStatus.RECEIVED;
      r.receivedAt = Instant.now();
      r.deliveries = 1;
      r.persistAndFlush();
      return null;
    }
    r.deliveries++;
    return r.status == PromptStatus.RECEIVED ? null : r.response;
  }

  private static boolean isDuplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConstraintViolationException) {
        return true;
      }
    }
    return false;
  }

  private ResponseEvent respond(PromptEvent prompt) {
    boolean thinking = "true".equalsIgnoreCase(prompt.metadata().get(ENABLE_THINKING));
    try {
      Answer answer =
          inference.generate(
              "model", prompt.model(), prompt.messages(), prompt.sampling(), thinking);
      List<Candidate> candidates = new ArrayList<>();
      for (int i = 0; i < answer.completions().size(); i++) {
        Completion c = answer.completions().get(i);
        candidates.add(
            new Candidate(
                i, c.text(), c.finishReason().jsonName(), c.promptTokens(), c.completionTokens()));
      }
      return ResponseEvent.answer(prompt, answer.modelVersion(), candidates);
    } catch (ApiException e) {
      LOG.warnf("prompt %s refused: %s", prompt.id(), e.getMessage());
      return ResponseEvent.failure(prompt, null, e.getMessage());
    } catch (RuntimeException e) {
      LOG.errorf(e, "generation for prompt %s failed", prompt.id());
      return ResponseEvent.failure(prompt, null, "generation failed: " + e.getMessage());
    }
  }
}
