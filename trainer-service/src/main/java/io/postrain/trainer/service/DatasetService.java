package io.postrain.trainer.service;

import io.postrain.data.PreferenceExample;
import io.postrain.data.SftExample;
import io.postrain.events.Events;
import io.postrain.events.PreferencePairEvent;
import io.postrain.events.SftExampleEvent;
import io.postrain.trainer.repository.DatasetRowEntity;
import io.postrain.trainer.repository.RowKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Materialises datasets row by row from the curated-row topics, and reads them for training. */
@ApplicationScoped
public class DatasetService {

  /**
   * Stores one preference pair unless a row with its id exists.
   *
   * @return whether a row was added (false for a redelivery)
   */
  @Transactional
  public boolean add(PreferencePairEvent event) {
    return store(event.id(), event.datasetId(), RowKind.PREFERENCE, Events.toJson(event));
  }

  /**
   * Stores one SFT example unless a row with its id exists.
   *
   * @return whether a row was added (false for a redelivery)
   */
  @Transactional
  public boolean add(SftExampleEvent event) {
    return store(event.id(), event.datasetId(), RowKind.SFT, Events.toJson(event));
  }

  /** Rows of {@code kind} that {@code datasetId} holds now. */
  @Transactional
  public long count(String datasetId, RowKind kind) {
    return DatasetRowEntity.count(datasetId, kind);
  }

  /** Rows of any kind that {@code datasetId} holds now. */
  @Transactional
  public long countAll(String datasetId) {
    return DatasetRowEntity.countAll(datasetId);
  }

  /** The preference pairs of a dataset, in arrival order, as the DPO trainer reads them. */
  @Transactional
  public List<PreferenceExample> preferencePairs(String datasetId) {
    return DatasetRowEntity.rows(datasetId, RowKind.PREFERENCE).stream()
        .map(row -> Events.parse(row.payload, PreferencePairEvent.class))
        .map(
            e ->
                (PreferenceExample)
                    new PreferenceExample.Conversation(e.prompt(), e.chosen(), e.rejected()))
        .toList();
  }

  /** The SFT examples of a dataset, in arrival order, as the SFT trainer reads them. */
  @Transactional
  public List<SftExample> sftExamples(String datasetId) {
    return DatasetRowEntity.rows(datasetId, RowKind.SFT).stream()
        .map(row -> Events.parse(row.payload, SftExampleEvent.class))
        .map(e -> (SftExample) new SftExample.Conversation(e.prompt(), e.completion()))
        .toList();
  }

  private static boolean store(String id, String datasetId, RowKind kind, String payload) {
    if (DatasetRowEntity.findById(id) != null) {
      return false;
    }
    DatasetRowEntity row = new DatasetRowEntity();
    row.id = id;
    row.datasetId = datasetId;
    row.kind = kind;
    row.payload = payload;
    row.receivedAt = Instant.now();
    row.persist();
    return true;
  }
}
