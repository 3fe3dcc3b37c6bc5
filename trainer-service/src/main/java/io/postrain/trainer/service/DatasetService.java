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
import java.util.function.Function;

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
   * in {@linkplain #inContentOrder content order}.
   */
  @Transactional
  public List<PreferenceExample> preferencePairs(String datasetId, int limit) {
    return inContentOrder(
        datasetId,
        RowKind.PREFERENCE,
        limit,
        PreferencePairEvent.class,
        e ->
            new Keyed<>(
                new PreferenceExample.Conversation(e.prompt(), e.chosen(), e.rejected()),
                List.of(e.prompt(), e.chosen(), e.rejected()),
                e.id()));
  }

  /**
   * The SFT examples a job trains (or rehearses) on: the first {@code limit} rows of the dataset in
   * arrival order, put in {@linkplain #inContentOrder content order}.
   */
  @Transactional
  public List<SftExample> sftExamples(String datasetId, int limit) {
    return inContentOrder(
        datasetId,
        RowKind.SFT,
        limit,
        SftExampleEvent.class,
        e ->
            new Keyed<>(
                new SftExample.Conversation(e.prompt(), e.completion()),
                List.of(e.prompt(), e.completion()),
                e.id()));
  }

  /**
   * The first {@code limit} rows of a dataset in arrival order, sorted by their content (the JSON
   * of their messages), ties by event id. Rows reach the trainer in the order the pipeline happened
   * to produce them (batching, partitions, retries), so arrival order differs from run to run; in
   * content order the same rows always train in the same order (the trainer then shuffles them with
   * its seed, as TRL does), and a job is reproducible.
   */
  private static <E, T> List<T> inContentOrder(
      String datasetId, RowKind kind, int limit, Class<E> type, Function<E, Keyed<T>> keyed) {
    return first(DatasetRowEntity.rows(datasetId, kind), limit).stream()
        .map(row -> keyed.apply(Events.parse(row.payload, type)))
        .sorted(Comparator.comparing(Keyed<T>::content).thenComparing(Keyed::id))
        .map(Keyed::row)
        .toList();
  }

  /** A training example with the messages it is sorted by (as JSON) and its event id. */
  private record Keyed<T>(T row, String content, String id) {
    Keyed(T row, List<?> messages, String id) {
      this(row, Events.toJson(messages), id);
    }
  }

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
