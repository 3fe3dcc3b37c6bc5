package io.postrain.inference.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A prompt from the prompts topic and what happened to it; its id is the PromptEvent's id. The
 * stored response is re-sent when the prompt is delivered again, so a prompt is generated once.
 */
@Entity
@Table(name = "prompt_record")
public class PromptRecordEntity extends PanacheEntityBase {

  @Id public String id;

  /** The model reference the prompt asked for. */
  public String model;

  /** The version that answered, or null. */
  @Column(name = "model_version")
  public String modelVersion;

  @Enumerated(EnumType.STRING)
  public PromptStatus status;

  /** The ResponseEvent's id, or null before it is answered. */
  @Column(name = "response_id")
  public String responseId;

  /** The ResponseEvent as JSON, or null before it is answered. */
  public String response;

  /** Tokens in the rendered prompt. */
  @Column(name = "prompt_tokens")
  public int promptTokens;

  /** Tokens generated, all candidates together. */
  @Column(name = "completion_tokens")
  public int completionTokens;

  /** How often the prompt was delivered. */
  public int deliveries;

  /** Why it failed, or null. */
  public String error;

  @Column(name = "received_at")
  public Instant receivedAt;

  @Column(name = "answered_at")
  public Instant answeredAt;

  /** Queueing and generation time of the answer in milliseconds, or null. */
  @Column(name = "generation_ms")
  public Long generationMs;
}
