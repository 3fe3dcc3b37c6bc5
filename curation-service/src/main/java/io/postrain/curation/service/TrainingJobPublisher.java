package io.postrain.curation.service;

import io.postrain.curation.api.TrainingJobSpec;
import io.postrain.curation.api.TrainingJobView;
import io.postrain.curation.repository.DatasetEntity;
import io.postrain.curation.repository.DatasetOrigin;
import io.postrain.curation.repository.DatasetRowEntity;
import io.postrain.events.Topics;
import io.postrain.events.TrainingJobEvent;
import io.postrain.service.outbox.OutboxService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Queues training jobs in the caller's transaction. The trainer materialises datasets from the row
 * topics, so the rows of each imported dataset the job reads (its dataset and its regularisation
 * dataset; campaign rows were published as they were curated) are re-published first, then the
 * {@link TrainingJobEvent}.
 */
@ApplicationScoped
public class TrainingJobPublisher {

  @Inject OutboxService outbox;

  @Inject TrainingOutcomes outcomes;

  /** Rows of the job's regularisation dataset now; 0 when it names none. */
  @Transactional(Transactional.TxType.MANDATORY)
  public int regularizationRows(TrainingJobSpec spec) {
    String id = spec.regularizationDatasetId();
    return id == null ? 0 : (int) DatasetRowEntity.countOfDataset(id);
  }

  /**
   * Queues the rows of the imported datasets and the job.
   *
   * @param spec a validated request
   * @param dataset the dataset to train on
   * @param rows its rows, at least 1
   * @param regularizationRows the rows of the spec's regularisation dataset (at least 1), or 0 when
   *     it names none
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public TrainingJobView publish(
      TrainingJobSpec spec, DatasetEntity dataset, int rows, int regularizationRows) {
    int republished = republishIfImported(dataset);
    if (spec.regularizationDatasetId() != null) {
      republished += republishIfImported(DatasetEntity.findById(spec.regularizationDatasetId()));
    }
    TrainingJobEvent job = TrainingJobs.event(spec, dataset.id, rows, regularizationRows);
    outbox.enqueue(Topics.TRAINING_JOBS, dataset.id, job.id(), job);
    outcomes.requested(job.id(), dataset.id, job.method(), job.outputModel());
    return new TrainingJobView(
        job.id(),
        dataset.id,
        job.method(),
        rows,
        job.regularizationDatasetId(),
        job.regularizationExamples(),
        republished);
  }

  /**
   * Queues every row of an imported or filtered dataset again (the trainer drops ids it holds); 0
   * for a campaign's dataset, whose rows were published as they were curated.
   */
  private int republishIfImported(DatasetEntity dataset) {
    if (dataset.origin == DatasetOrigin.CAMPAIGN) {
      return 0;
    }
    int republished = 0;
    try (var rows = DatasetRowEntity.streamOfDataset(dataset.id)) {
      for (DatasetRowEntity row : (Iterable<DatasetRowEntity>) rows::iterator) {
        outbox.enqueue(DatasetRows.topic(row), row.datasetId, row.id, DatasetRows.toEvent(row));
        republished++;
      }
    }
    return republished;
  }
}
