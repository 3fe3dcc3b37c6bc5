package io.postrain.trainer.service;

import io.postrain.data.PreferenceExample;
import io.postrain.data.SftExample;
import io.postrain.train.DpoTrainer;
import io.postrain.train.SftTrainer;
import io.postrain.train.TrainingListener;
import io.postrain.train.TrainingResult;
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
   * Trains on the first {@code examples} rows of the dataset (in arrival order), so a resumed run
   * sees the same data as the run it continues even if more rows arrived meanwhile.
   *
   * @see SftTrainer#train
   */
  public TrainingResult train(
      JobSettings settings,
      Path modelDir,
      String datasetId,
      int examples,
      Path outputDir,
      boolean resume,
      TrainingListener listener) {
    if (settings.sft() != null) {
      List<SftExample> data = first(datasets.sftExamples(datasetId), examples);
      return new SftTrainer(settings.sft(), settings.lora())
          .train(modelDir, data, outputDir, resume, listener);
    }
    List<PreferenceExample> data = first(datasets.preferencePairs(datasetId), examples);
    return new DpoTrainer(settings.dpo(), settings.lora())
        .train(modelDir, data, outputDir, resume, listener);
  }

  private static <T> List<T> first(List<T> rows, int n) {
    return rows.size() <= n ? rows : rows.subList(0, n);
  }
}
