package io.postrain.trainer.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.events.Names;
import io.postrain.events.TrainingJobEvent;
import io.postrain.service.ApiException;
import io.postrain.service.RequestNames;
import io.postrain.service.outbox.OutboxQueued;
import io.postrain.train.JobSettings;
import io.postrain.trainer.api.JobEvent;
import io.postrain.trainer.api.JobRequest;
import io.postrain.trainer.api.JobView;
import io.postrain.trainer.config.TrainerConfig;
import io.postrain.trainer.repository.JobEntity;
import io.postrain.trainer.repository.JobMetricEntity;
import io.postrain.trainer.repository.JobState;
import io.postrain.trainer.repository.RowKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Accepts, lists and cancels training jobs; the {@link JobWorker} runs them. */
@ApplicationScoped
public class JobService {

  @Inject ModelStore models;

  @Inject TrainerConfig config;

  @Inject DatasetService datasets;

  @Inject JobTransitions transitions;

  @Inject JobEvents events;

  @Inject Event<OutboxQueued> outboxQueued;

  /**
   * Accepts a job from the API, refusing what could never train.
   *
   * @throws ApiException 400 naming the field for a missing or invalid field, an invalid config, an
   *     unknown method or base model, an unknown dataset (or regularisation dataset) when no rows
   *     are expected, or a regularisation dataset on an sft job; 409 for a taken id
   */
  @Transactional
  public JobView create(JobRequest request) {
    if (request == null) {
      throw ApiException.badRequest(null, "request body is missing: expected a JSON job object");
    }
    String id = request.id() == null ? Events.newId() : RequestNames.name("id", request.id());
    if (id.length() > 64) {
      throw ApiException.badRequest("id", "id must be 1 to 64 characters, or left out");
    }
    required("datasetId", request.datasetId());
    required("method", request.method());
    required("baseModel", request.baseModel());
    required("outputModel", request.outputModel());
    checkNames(request);
    JobSettings settings =
        JobSettings.parse(
            request.method(), jsonOrNull(request.config()), jsonOrNull(request.lora()));
    settings.checkRegularization(request.regularizationDatasetId());
    models.require("baseModel", "base model", request.baseModel());
    models.withReferenceModel(settings.dpo());
    int expected = expectedExamples(request);
    settings.checkSteps(expected, config.jobs().maxSteps());
    int regularization = regularizationExamples(request);
    if (JobEntity.findById(id) != null) {
      throw ApiException.conflict("job " + id + " exists already: leave id out for a fresh one");
    }
    JobEntity job = new JobEntity();
    job.id = id;
    job.method = request.method();
    job.datasetId = request.datasetId();
    job.baseModel = request.baseModel();
    job.outputModel = request.outputModel();
    job.expectedExamples = expected;
    job.regularizationDatasetId = request.regularizationDatasetId();
    job.regularizationExamples = regularization;
    job.config = request.config() == null ? "{}" : request.config().toString();
    job.lora = jsonOrNull(request.lora());
    job.source = "http";
    queue(job);
    return view(job, false);
  }

  /**
   * Queues a job from Kafka unless one with its id exists. Its settings are checked when the worker
   * first looks at it; a bad one fails the job with the reason.
   *
   * @return whether a job was queued (false for a redelivery)
   */
  @Transactional
  public boolean submit(TrainingJobEvent event) {
    if (JobEntity.findById(event.id()) != null) {
      return false;
    }
    JobEntity job = new JobEntity();
    job.id = event.id();
    job.method = event.method();
    job.datasetId = event.datasetId();
    job.baseModel = event.baseModel();
    job.outputModel = event.outputModel();
    job.expectedExamples = event.expectedExamples();
    job.regularizationDatasetId = event.regularizationDatasetId();
    job.regularizationExamples = event.regularizationExamples();
    job.config = event.config().toString();
    job.lora = event.lora() == null ? null : event.lora().toString();
    job.source = "kafka";
    queue(job);
    return true;
  }

  /** One job with its metrics history. */
  @Transactional
  public JobView get(String id) {
    return view(find(id), true);
  }

  /** Every job, newest first, without histories. */
  @Transactional
  public List<JobView> list() {
    return JobEntity.newestFirst().stream().map(j -> view((JobEntity) j, false)).toList();
  }

  /**
   * Cancels a job: a queued or waiting one at once, a running one when its trainer next polls.
   *
   * @throws ApiException 404 for an unknown job, 409 for a finished one
   */
  public JobView cancel(String id) {
    if (transitions.cancel(id)) {
      outboxQueued.fire(new OutboxQueued());
      events.finish(JobViews.finalEvent(transitions.load(id)));
    }
    return get(id);
  }

  /** The final state event of a job (for streams of finished jobs). */
  @Transactional
  public JobEvent finalEvent(String id) {
    return JobViews.finalEvent(find(id));
  }

  /** The job row, or 404. */
  @Transactional
  public JobEntity find(String id) {
    JobEntity job = JobEntity.findById(id);
    if (job == null) {
      throw ApiException.notFound("no job with id " + id);
    }
    return job;
  }

  private void queue(JobEntity job) {
    job.state = JobState.QUEUED;
    job.createdAt = Instant.now();
    job.persist();
  }

  private JobView view(JobEntity job, boolean withHistory) {
    long rows = datasets.count(job.datasetId, RowKind.forMethod(job.method));
    long regularizationRows =
        job.regularizationDatasetId == null
            ? 0
            : datasets.count(job.regularizationDatasetId, RowKind.SFT);
    return JobViews.view(
        job, rows, regularizationRows, withHistory ? JobMetricEntity.history(job.id) : null);
  }

  /** The names of a job that become paths or travel in its events: {@link Names#RULE}. */
  private static void checkNames(JobRequest request) {
    RequestNames.name("datasetId", request.datasetId());
    RequestNames.name("outputModel", request.outputModel());
    if (request.regularizationDatasetId() != null && !request.regularizationDatasetId().isBlank()) {
      RequestNames.name("regularizationDatasetId", request.regularizationDatasetId());
    }
  }

  private int expectedExamples(JobRequest request) {
    return rowsToWaitFor(
        request.expectedExamples(),
        "expectedExamples",
        "datasetId",
        "dataset",
        request.datasetId(),
        RowKind.forMethod(request.method()),
        request.method());
  }

  /** SFT rows of the regularisation dataset to wait for: as given, else the rows it holds now. */
  private int regularizationExamples(JobRequest request) {
    String datasetId = request.regularizationDatasetId();
    Integer given = request.regularizationExamples();
    if (datasetId == null) {
      if (given != null && given != 0) {
        throw ApiException.badRequest(
            "regularizationExamples",
            "regularizationExamples is "
                + given
                + " without a regularizationDatasetId: name the SFT dataset, or leave it out");
      }
      return 0;
    }
    return rowsToWaitFor(
        given,
        "regularizationExamples",
        "regularizationDatasetId",
        "regularization dataset",
        datasetId,
        RowKind.SFT,
        "sft");
  }

  /**
   * Rows of a dataset a job waits for: {@code given} when > 0, else the rows it holds now (400
   * naming {@code datasetField} when it holds none; 400 naming {@code countField} when negative).
   */
  private int rowsToWaitFor(
      Integer given,
      String countField,
      String datasetField,
      String label,
      String datasetId,
      RowKind kind,
      String kindName) {
    if (given != null && given < 0) {
      throw ApiException.badRequest(
          countField, countField + " is " + given + ": accepted is >= 0 (0 = as now)");
    }
    if (given != null && given > 0) {
      return given;
    }
    long now = datasets.count(datasetId, kind);
    if (now == 0) {
      throw ApiException.badRequest(
          datasetField,
          "unknown "
              + label
              + " '"
              + datasetId
              + "': it holds no "
              + kindName
              + " rows; give "
              + countField
              + " to wait for rows still to come");
    }
    return (int) now;
  }

  private static void required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(field, field + " is missing or blank");
    }
  }

  private static String jsonOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.toString();
  }
}
