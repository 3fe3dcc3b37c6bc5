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
import java.util.Comparator;
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

  /**
   * The preference pairs a job trains on: the first {@code limit} rows of the dataset in arrival
   * order (so a resumed job sees the rows the interrupted one saw, even if more arrived since), put
   * in {@linkplain #contentOrder content order}.
   */
  @Transactional
  public List<PreferenceExample> preferencePairs(String datasetId, int limit) {
    return contentOrder(
        first(DatasetRowEntity.rows(datasetId, RowKind.PREFERENCE), limit).stream()
            .map(row -> Events.parse(row.payload, PreferencePairEvent.class))
            .map(
                e ->
                    new Keyed<PreferenceExample>(
                        new PreferenceExample.Conversation(e.prompt(), e.chosen(), e.rejected()),
                        Events.toJson(List.of(e.prompt(), e.chosen(), e.rejected())),
                        e.id()))
            .toList());
  }

  /**
   * The SFT examples a job trains (or rehearses) on: the first {@code limit} rows of the dataset in
   * arrival order, put in {@linkplain #contentOrder content order}.
   */
  @Transactional
  public List<SftExample> sftExamples(String datasetId, int limit) {
    return contentOrder(
        first(DatasetRowEntity.rows(datasetId, RowKind.SFT), limit).stream()
            .map(row -> Events.parse(row.payload, SftExampleEvent.class))
            .map(
                e ->
                    new Keyed<SftExample>(
                        new SftExample.Conversation(e.prompt(), e.completion()),
                        Events.toJson(List.of(e.prompt(), e.completion())),
                        e.id()))
            .toList());
  }

  /**
   * Rows sorted by their content (the JSON of their messages), ties by event id. Rows reach the
   * trainer in the order the pipeline happened to produce them (batching, partitions, retries), so
   * arrival order differs from run to run; in content order the same rows always train in the same
   * order (the trainer then shuffles them with its seed, as TRL does), and a job is reproducible.
   */
  static <T> List<T> contentOrder(List<Keyed<T>> rows) {
    return rows.stream()
        .sorted(Comparator.comparing((Keyed<T> k) -> k.content()).thenComparing(Keyed::id))
        .map(Keyed::row)
        .toList();
  }

  /** A row with its sort key. */
  record Keyed<T>(T row, String content, String id) {}

  private static <T> List<T> first(List<T> rows, int n) {
    return rows.size() <= n ? rows : rows.subList(0, n);
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
