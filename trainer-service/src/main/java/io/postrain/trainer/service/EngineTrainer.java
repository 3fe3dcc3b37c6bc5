package io.postrain.trainer.service;

import io.postrain.data.PreferenceExample;
import io.postrain.data.SftExample;
import io.postrain.train.DpoTrainer;
import io.postrain.train.JobSettings;
import io.postrain.train.SftTrainer;
import io.postrain.train.TrainingListener;
import io.postrain.train.TrainingResult;
import io.postrain.trainer.repository.JobEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs postrain's SFT and DPO trainers on a materialised dataset. Must be called on the worker
 * thread only: DJL's gradient collector is global per JVM and autograd mode is per thread.
 */
@ApplicationScoped
public class EngineTrainer {

  @Inject DatasetService datasets;

  /**
   * Trains the job on the first {@code expectedExamples} rows of its dataset (in arrival order, so
   * a resumed run sees the same data as the run it continues even if more rows arrived meanwhile),
   * in content order (so the same rows train the same way whatever order they arrived in; see
   * {@link DatasetService#preferencePairs}); a DPO job also gets its {@link #regularization}
   * examples. Resumes when the job says so.
   *
   * @see SftTrainer#train
   * @see DpoTrainer#train
   */
  public TrainingResult train(
      JobSettings settings,
      Path modelDir,
      JobEntity job,
      Path outputDir,
      TrainingListener listener) {
    if (settings.sft() != null) {
      List<SftExample> data = datasets.sftExamples(job.datasetId, job.expectedExamples);
      return new SftTrainer(settings.sft(), settings.lora())
          .train(modelDir, data, outputDir, job.resume, listener);
    }
    List<PreferenceExample> data = datasets.preferencePairs(job.datasetId, job.expectedExamples);
    return new DpoTrainer(settings.dpo(), settings.lora())
        .train(modelDir, data, regularization(job), outputDir, job.resume, listener);
  }

  /**
   * The SFT examples of a job's regulariser: the first {@code regularizationExamples} rows of its
   * regularisation dataset in arrival order (stable across resumes, as the training rows are), in
   * content order, or none when the job names no regularisation dataset.
   */
  public List<SftExample> regularization(JobEntity job) {
    if (job.regularizationDatasetId == null) {
      return List.of();
    }
    return datasets.sftExamples(job.regularizationDatasetId, job.regularizationExamples);
  }
}
