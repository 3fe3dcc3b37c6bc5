package io.postrain.curation.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.curate.DataRow;
import io.postrain.curate.LengthMeasure;
import io.postrain.curate.filter.BadSettingException;
import io.postrain.curate.filter.FilterReport;
import io.postrain.curate.filter.FilterSettings;
import io.postrain.curate.filter.Filtering;
import io.postrain.curation.api.FilterRequest;
import io.postrain.curation.api.FilteredDatasetView;
import io.postrain.curation.repository.DatasetEntity;
import io.postrain.curation.repository.DatasetKind;
import io.postrain.curation.repository.DatasetOrigin;
import io.postrain.curation.repository.DatasetRowEntity;
import io.postrain.curation.service.strategy.Curated;
import io.postrain.data.DataFormat;
import io.postrain.data.RowParser;
import io.postrain.events.Events;
import io.postrain.events.InvalidEventException;
import io.postrain.events.Names;
import io.postrain.service.ApiException;
import io.postrain.service.RequestNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Filters a dataset into a new one with the library's {@link Filtering} (lengths in words): rows
 * are streamed from the database twice (three times with a target size), only their seq numbers and
 * signatures held.
 */
@ApplicationScoped
public class DatasetFilter {

  @Inject DatasetService datasets;

  /**
   * Filters dataset {@code sourceId} into a new dataset of the same kind.
   *
   * @throws ApiException 404 unknown dataset, 400 a setting out of range (naming it)
   */
  @Transactional
  public FilteredDatasetView filter(String sourceId, FilterRequest request) {
    RequestNames.name("id", sourceId);
    DatasetEntity source = DatasetEntity.findById(sourceId);
    if (source == null) {
      throw ApiException.notFound("no dataset with id '" + sourceId + "'");
    }
    FilterRequest r =
        request == null
            ? new FilterRequest(null, null, null, null, null, null, null, null, null, null, null)
            : request;
    FilterSettings settings = settings(r);
    DatasetEntity dataset = new DatasetEntity();
    try {
      dataset.id = Names.check("id", Events.newId());
    } catch (InvalidEventException e) {
      throw new IllegalStateException(
          "a new dataset id breaks the name rule: " + e.getMessage(), e);
    }
    dataset.name = r.name() == null || r.name().isBlank() ? source.name + " (filtered)" : r.name();
    if (dataset.name.length() > 200) {
      throw ApiException.badRequest("name", "name must be at most 200 characters");
    }
    dataset.kind = source.kind;
    dataset.origin = DatasetOrigin.FILTER;
    dataset.createdAt = Instant.now();
    dataset.persist();

    BitSet kept = new BitSet();
    List<Stream<DatasetRowEntity>> opened = new ArrayList<>();
    FilterReport report;
    try {
      report =
          Filtering.run(
              settings,
              LengthMeasure.words(),
              () -> rows(sourceId, source.kind, opened),
              row -> kept.set(row.line() - 1));
    } finally {
      opened.forEach(Stream::close);
    }
    copyKept(sourceId, dataset.id, kept);
    return new FilteredDatasetView(datasets.get(dataset.id), report.toJson());
  }

  private static FilterSettings settings(FilterRequest r) {
    FilterSettings d = FilterSettings.defaults();
    try {
      return FilterSettings.builder()
          .seed(r.seed() == null ? d.seed() : r.seed())
          .minLength(r.minLength() == null ? d.minLength() : r.minLength())
          .maxLength(r.maxLength())
          .exactDuplicates(r.exactDuplicates() == null ? d.exactDuplicates() : r.exactDuplicates())
          .nearDuplicates(r.nearDuplicates() == null ? d.nearDuplicates() : r.nearDuplicates())
          .maxRepeatedLineFraction(
              r.maxRepeatedLineFraction() == null
                  ? d.maxRepeatedLineFraction()
                  : r.maxRepeatedLineFraction())
          .repeatedNgram(r.repeatedNgram() == null ? d.repeatedNgram() : r.repeatedNgram())
          .maxRepeatedNgramFraction(
              r.maxRepeatedNgramFraction() == null
                  ? d.maxRepeatedNgramFraction()
                  : r.maxRepeatedNgramFraction())
          .refusals(r.refusals() == null ? d.refusals() : r.refusals())
          .targetSize(r.targetSize())
          .build();
    } catch (BadSettingException e) {
      throw ApiException.badRequest(e.field(), e.getMessage());
    }
  }

  /** The dataset's rows as the filter reads them, line = seq + 1, each detached once mapped. */
  private static Iterator<DataRow> rows(
      String datasetId, DatasetKind kind, List<Stream<DatasetRowEntity>> opened) {
    Stream<DatasetRowEntity> stream = DatasetRowEntity.streamOfDataset(datasetId);
    opened.add(stream);
    return stream.map(row -> toDataRow(row, kind)).iterator();
  }

  private static DataRow toDataRow(DatasetRowEntity row, DatasetKind kind) {
    JsonNode trl = DatasetRows.toTrl(row);
    DatasetRowEntity.getEntityManager().detach(row);
    DataFormat format =
        kind == DatasetKind.PREFERENCE ? DataFormat.PREFERENCE : DataFormat.PROMPT_COMPLETION;
    try {
      Object example =
          format.isSft() ? RowParser.sft(trl, format) : RowParser.preference(trl, format);
      return new DataRow(row.seq + 1, trl.toString(), trl, example, null);
    } catch (IllegalArgumentException e) {
      return new DataRow(row.seq + 1, trl.toString(), trl, null, e.getMessage());
    }
  }

  private static void copyKept(String sourceId, String datasetId, BitSet kept) {
    int seq = 0;
    try (Stream<DatasetRowEntity> rows = DatasetRowEntity.streamOfDataset(sourceId)) {
      for (DatasetRowEntity row : (Iterable<DatasetRowEntity>) rows::iterator) {
        if (kept.get(row.seq)) {
          Curated curated =
              DatasetRows.isPair(row)
                  ? new Curated.Pair(
                      Conversations.fromJson(row.chosen), Conversations.fromJson(row.rejected))
                  : new Curated.Example(Conversations.fromJson(row.completion));
          DatasetRows.newRow(
                  datasetId,
                  seq++,
                  row.strategy,
                  Conversations.fromJson(row.prompt),
                  curated,
                  DatasetRows.Source.IMPORTED)
              .persist();
        }
        DatasetRowEntity.getEntityManager().detach(row);
      }
    }
  }
}
