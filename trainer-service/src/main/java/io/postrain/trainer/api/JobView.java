package io.postrain.trainer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A training job as the API shows it.
 *
 * @param id the job id
 * @param state QUEUED, WAITING_FOR_DATA, RUNNING, SUCCEEDED, FAILED or CANCELLED
 * @param method sft or dpo
 * @param datasetId the dataset trained on
 * @param datasetRows rows of the method's kind the dataset holds now
 * @param expectedExamples rows the job waits for
 * @param regularizationDatasetId the SFT dataset of a dpo job's regulariser, or null
 * @param regularizationRows SFT rows the regularisation dataset holds now (0 when none)
 * @param regularizationExamples SFT rows of it the job waits for and uses (0 when none)
 * @param baseModel the model trained from, as requested
 * @param outputModel the model name the result is stored under
 * @param config the training config as given
 * @param lora the LoRA settings as given, or null
 * @param step optimizer steps completed (last logged)
 * @param totalSteps optimizer steps of the run: as the training loop computes them from the config
 *     and {@code expectedExamples} (rows, batch, accumulation, epochs or maxSteps), then as it
 *     reported them; 0 for settings that cannot train
 * @param etaSeconds estimated seconds until a running job ends (remaining steps x the median time
 *     per step of its newest logged steps); absent unless it runs and logged two steps, and in
 *     listings (which carry no history)
 * @param lastMetrics the metrics of the last logged step
 * @param history every logged step, oldest first (only in single-job views)
 * @param lint the dataset linter's report on the rows the job trains on (one section per check,
 *     {@code severity} the worst), written before the job starts; absent until then
 * @param error why the job failed or was cancelled, or null
 * @param cancelRequested whether a cancel is pending on the running job
 * @param outputPath the stored model's directory once SUCCEEDED
 * @param modelVersion the stored model's version once SUCCEEDED
 * @param createdAt when the job was accepted
 * @param startedAt when it first started training
 * @param finishedAt when it reached a final state
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
    String id,
    String state,
    String method,
    String datasetId,
    long datasetRows,
    int expectedExamples,
    String regularizationDatasetId,
    long regularizationRows,
    int regularizationExamples,
    String baseModel,
    String outputModel,
    JsonNode config,
    JsonNode lora,
    int step,
    int totalSteps,
    Long etaSeconds,
    Map<String, Double> lastMetrics,
    List<MetricPoint> history,
    JsonNode lint,
    String error,
    boolean cancelRequested,
    String outputPath,
    String modelVersion,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {}
