package io.postrain.trainer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.postrain.events.Events;
import io.postrain.trainer.api.JobEvent;
import io.postrain.trainer.api.JobView;
import io.postrain.trainer.api.MetricPoint;
import io.postrain.trainer.repository.JobEntity;
import io.postrain.trainer.repository.JobMetricEntity;
import java.util.List;
import java.util.Map;

/** Turns job rows into API views and events, and metric maps into JSON and back. */
final class JobViews {

  private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};

  private JobViews() {}

  static JobView view(
      JobEntity job, long datasetRows, long regularizationRows, List<JobMetricEntity> history) {
    int totalSteps = JobPlan.totalSteps(job);
    return new JobView(
        job.id,
        job.state.name(),
        job.method,
        job.datasetId,
        datasetRows,
        job.expectedExamples,
        job.regularizationDatasetId,
        regularizationRows,
        job.regularizationExamples,
        job.baseModel,
        job.outputModel,
        tree(job.config),
        job.lora == null ? null : tree(job.lora),
        job.step,
        totalSteps,
        JobPlan.etaSeconds(job, totalSteps, history),
        job.lastMetrics == null ? Map.of() : metrics(job.lastMetrics),
        history == null ? null : history.stream().map(JobViews::point).toList(),
        job.lint == null ? null : tree(job.lint),
        job.error,
        job.cancelRequested,
        job.outputPath,
        job.modelVersion,
        job.createdAt,
        job.startedAt,
        job.finishedAt);
  }

  /** The final state event of a finished job. */
  static JobEvent finalEvent(JobEntity job) {
    return new JobEvent(
        "state",
        job.id,
        job.state.name(),
        job.step,
        job.totalSteps,
        null,
        null,
        job.lastMetrics == null ? Map.of() : metrics(job.lastMetrics),
        job.error);
  }

  static MetricPoint point(JobMetricEntity row) {
    return new MetricPoint(
        row.step,
        row.totalSteps,
        row.epoch,
        row.tokensPerSecond,
        metrics(row.metrics),
        row.loggedAt);
  }

  static String json(Object value) {
    return Events.toJson(value);
  }

  static Map<String, Double> metrics(String json) {
    try {
      return Events.mapper().readValue(json, METRICS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "stored metrics are not a JSON object of numbers: " + json, e);
    }
  }

  static JsonNode tree(String json) {
    try {
      return Events.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable: " + json, e);
    }
  }
}
