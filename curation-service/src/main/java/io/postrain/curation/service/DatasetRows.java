package io.postrain.curation.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postrain.curation.repository.DatasetRowEntity;
import io.postrain.curation.service.strategy.Curated;
import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.SftExampleEvent;
import io.postrain.events.Topics;
import io.postrain.lm.template.ChatMessage;
import java.time.Instant;
import java.util.List;

/** Maps dataset rows to their Kafka events and to TRL's conversational JSONL formats. */
public final class DatasetRows {

  /**
   * Where a curated row came from; every field null for an imported row.
   *
   * @param campaignId the campaign
   * @param promptId the prompt answered
   * @param responseId the response curated
   * @param candidateIndex the candidate of the response
   */
  public record Source(
      String campaignId, String promptId, String responseId, Integer candidateIndex) {

    /** The source of an imported row: none. */
    public static final Source IMPORTED = new Source(null, null, null, null);
  }

  private DatasetRows() {}

  /**
   * A new row (not yet persisted) holding a curated pair or example.
   *
   * @throws IllegalArgumentException if {@code curated} is a dropped candidate
   */
  public static DatasetRowEntity newRow(
      String datasetId,
      int seq,
      String strategy,
      List<ChatMessage> prompt,
      Curated curated,
      Source source) {
    DatasetRowEntity row = new DatasetRowEntity();
    row.id = Events.newId();
    row.datasetId = datasetId;
    row.seq = seq;
    row.strategy = strategy;
    row.prompt = Conversations.toJson(prompt);
    if (curated instanceof Curated.Pair pair) {
      row.chosen = Conversations.toJson(pair.chosen());
      row.rejected = Conversations.toJson(pair.rejected());
    } else if (curated instanceof Curated.Example example) {
      row.completion = Conversations.toJson(example.completion());
    } else {
      throw new IllegalArgumentException("a dropped candidate makes no row: " + curated);
    }
    row.campaignId = source.campaignId();
    row.promptId = source.promptId();
    row.responseId = source.responseId();
    row.candidateIndex = source.candidateIndex();
    row.createdAt = Instant.now();
    return row;
  }

  /** Whether a row is a preference pair (else an SFT example). */
  public static boolean isPair(DatasetRowEntity row) {
    return row.completion == null;
  }

  /** The topic a row travels on. */
  public static String topic(DatasetRowEntity row) {
    return isPair(row) ? Topics.PREFERENCE_PAIRS : Topics.SFT_EXAMPLES;
  }

  /** The row as its event: a {@link PreferencePairEvent} or an {@link SftExampleEvent}. */
  public static Object toEvent(DatasetRowEntity row) {
    List<ChatMessage> prompt = Conversations.fromJson(row.prompt);
    if (isPair(row)) {
      return new PreferencePairEvent(
          row.id,
          Events.SCHEMA_VERSION,
          row.createdAt,
          row.datasetId,
          row.campaignId,
          row.promptId,
          prompt,
          Conversations.fromJson(row.chosen),
          Conversations.fromJson(row.rejected),
          row.strategy);
    }
    return new SftExampleEvent(
        row.id,
        Events.SCHEMA_VERSION,
        row.createdAt,
        row.datasetId,
        row.campaignId,
        row.promptId,
        prompt,
        Conversations.fromJson(row.completion),
        row.strategy);
  }

  /**
   * The row in TRL's conversational format: {@code {"prompt", "chosen", "rejected"}} for a pair,
   * {@code {"prompt", "completion"}} for an SFT example.
   */
  public static ObjectNode toTrl(DatasetRowEntity row) {
    ObjectNode node = Events.mapper().createObjectNode();
    node.set("prompt", Conversations.toTree(Conversations.fromJson(row.prompt)));
    if (isPair(row)) {
      node.set("chosen", Conversations.toTree(Conversations.fromJson(row.chosen)));
      node.set("rejected", Conversations.toTree(Conversations.fromJson(row.rejected)));
    } else {
      node.set("completion", Conversations.toTree(Conversations.fromJson(row.completion)));
    }
    return node;
  }
}
