package io.postrain.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optimisation loop shared by {@link SftTrainer}, {@link DpoTrainer} and {@link GrpoTrainer}:
 * per optimizer step, the micro-batches of {@link StepBatches}, forward/backward of each under a
 * gradient collector, global-norm clipping, AdamW with the scheduled learning rate, zeroed
 * gradients; logging every {@code loggingSteps}, checkpoints every {@code saveSteps}, the final
 * model at the end.
 *
 * <p>DJL's gradient collector is global to the JVM and autograd mode is per thread: run one
 * training at a time, entirely on one thread.
 */
final class TrainingLoop<T> {

  /** The optimizer state file inside a checkpoint. */
  static final String OPTIMIZER_FILE = "optimizer.safetensors";

  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

  /**
   * Everything a run needs.
   *
   * @param resumed the state of the checkpoint resumed from, or null for a fresh start
   * @param resumedFrom that checkpoint's directory, or null
   */
  record Setup<T>(
      String method,
      TrainingConfig config,
      String configJson,
      LoraConfig lora,
      TrainableModel model,
      StepBatches<T> batches,
      TrainingObjective<T> objective,
      Path outputDir,
      TrainerState resumed,
      Path resumedFrom,
      int dropped,
      TrainingListener listener,
      NDManager manager) {}

  private final Setup<T> s;
  private final StepBatches<T> order;
  private final int totalSteps;
  private final LrSchedule schedule;
  private final ProgressLog progressLog;
  private final List<Map<String, Object>> logHistory = new ArrayList<>();
  private final MetricsWindow window = new MetricsWindow();
  private Map<String, Double> lastMetrics = Map.of();
  private Path lastCheckpoint;
  private long tokensSeen;
  private double lastGradNorm;
  private TensorBoardWriter tensorBoard;

  private TrainingLoop(Setup<T> setup) {
    this.s = setup;
    TrainingConfig c = setup.config();
    this.order = setup.batches();
    this.totalSteps = order.totalSteps();
    this.schedule = LrSchedule.of(c, totalSteps);
    this.progressLog = new ProgressLog(setup.outputDir(), setup.objective().headlineMetrics());
  }

  /** Runs the loop to the end and writes the final model into the output directory. */
  static <T> TrainingResult run(Setup<T> setup) {
    return new TrainingLoop<>(setup).run();
  }

  private TrainingResult run() {
    int start = 0;
    if (s.resumed() != null) {
      start = s.resumed().globalStep();
      tokensSeen = s.resumed().tokensSeen();
      logHistory.addAll(s.resumed().logHistory());
      lastCheckpoint = s.resumedFrom();
    }
    progressLog.start(start);
    if (s.config().reportsToTensorBoard()) {
      tensorBoard = TensorBoardWriter.open(s.outputDir(), s.config().loggingDir());
      LOG.info("{}: TensorBoard events in {}", s.method(), tensorBoard.file());
    }
    try {
      return train(start);
    } finally {
      if (tensorBoard != null) {
        tensorBoard.close();
      }
    }
  }

  private TrainingResult train(int start) {
    long startNanos = System.nanoTime();
    LOG.info(
        "{}: {} examples ({} dropped), {} optimizer steps ({} per epoch), batch {} x accumulation"
            + " {}, {} trainable parameters{}",
        s.method(),
        order.size(),
        s.dropped(),
        totalSteps,
        order.updatesPerEpoch(),
        s.config().perDeviceTrainBatchSize(),
        s.config().gradientAccumulationSteps(),
        s.model().trainable().values().stream().mapToLong(NDArray::size).sum(),
        start > 0 ? ", resuming at step " + start + " from " + s.resumedFrom() : "");
    try (ParamGroups optimizer = new ParamGroups(s.model().trainable(), s.config())) {
      if (s.resumedFrom() != null) {
        optimizer.load(s.resumedFrom().resolve(OPTIMIZER_FILE), s.manager());
        order.restore(s.resumedFrom());
      }
      for (int step = start; step < totalSteps; step++) {
        step(step, optimizer);
        int done = step + 1;
        if (done % s.config().loggingSteps() == 0 || done == totalSteps) {
          log(done, start, startNanos);
        }
        if (done % s.config().saveSteps() == 0) {
          checkpoint(done, optimizer);
        }
      }
    }
    s.model().save(s.outputDir());
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    LOG.info(
        "{}: finished {} steps in {}; model written to {}",
        s.method(),
        totalSteps,
        ProgressLog.format(elapsed),
        s.outputDir());
    return new TrainingResult(s.outputDir(), totalSteps, lastMetrics, elapsed, s.dropped());
  }

  private void step(int step, ParamGroups optimizer) {
    Engine.getInstance().setRandomSeed((int) (s.config().seed() + step));
    List<List<T>> batches = order.microBatches(step, window);
    long trainStart = System.nanoTime();
    long units = 0;
    long tokens = 0;
    for (List<T> batch : batches) {
      units += TrainingObjective.sum(batch, s.objective()::units);
      tokens += TrainingObjective.sum(batch, s.objective()::tokens);
    }
    double loss = 0;
    for (List<T> batch : batches) {
      checkCancelled(step);
      try (NDManager manager = s.manager().newSubManager();
          GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray microLoss = s.objective().loss(batch, units, manager, window);
        loss += microLoss.toType(DataType.FLOAT64, false).getDouble();
        collector.backward(microLoss);
      }
    }
    Map<String, NDArray> grads = s.model().gradients();
    try {
      double gradNorm =
          s.config().maxGradNorm() > 0
              ? GradientClipping.clipGlobalNorm(grads.values(), s.config().maxGradNorm())
              : GradientClipping.globalNorm(grads.values());
      if (!Double.isFinite(loss) || !Double.isFinite(gradNorm)) {
        throw diverged(step + 1, loss, gradNorm);
      }
      optimizer.step(grads, schedule.lr(step));
      lastGradNorm = gradNorm;
    } finally {
      grads.values().forEach(NDArray::close);
      s.model().zeroGradients();
    }
    tokensSeen += tokens;
    window.addTrainTime(System.nanoTime() - trainStart);
    window.addStep(loss, tokens);
  }

  private TrainingDivergedException diverged(int step, double loss, double gradNorm) {
    String last =
        lastCheckpoint == null
            ? "no checkpoint was written yet"
            : "the last good checkpoint is " + lastCheckpoint;
    return new TrainingDivergedException(
        step,
        "training diverged at step "
            + step
            + ": loss "
            + loss
            + ", gradient norm "
            + gradNorm
            + " (not finite); the step was not applied and "
            + last
            + ". Lower the learning rate or check the data.");
  }

  private void checkCancelled(int step) {
    if (s.listener().cancelled()) {
      String last =
          lastCheckpoint == null
              ? "no checkpoint was written"
              : "resume continues from " + lastCheckpoint;
      throw new TrainingCancelledException(
          step, "training cancelled after " + step + " optimizer steps; " + last);
    }
  }

  private void log(int done, int start, long startNanos) {
    double tokensPerSecond = window.tokensPerSecond();
    double trainTokensPerSecond = window.trainTokensPerSecond();
    Map<String, Double> metrics = new LinkedHashMap<>(window.drain());
    metrics.put("grad_norm", lastGradNorm);
    metrics.put("learning_rate", schedule.lr(done));
    if (s.objective().logsNumTokens()) {
      metrics.put("num_tokens", (double) tokensSeen);
    }
    metrics.put("epoch", order.epochAt(done));
    if (s.objective().logsTrainingSpeed()) {
      metrics.put("train_tokens_per_second", trainTokensPerSecond);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    Duration eta = elapsed.multipliedBy(totalSteps - done).dividedBy(Math.max(1, done - start));
    TrainingProgress progress =
        new TrainingProgress(
            done, totalSteps, order.epochAt(done), metrics, tokensPerSecond, elapsed, eta);
    lastMetrics = progress.metrics();
    Map<String, Object> entry = new LinkedHashMap<>(metrics);
    entry.put("step", done);
    logHistory.add(entry);
    progressLog.write(progress);
    if (tensorBoard != null) {
      tensorBoard.scalars(done, metrics);
    }
    s.listener().onLog(progress);
  }

  private void checkpoint(int done, ParamGroups optimizer) {
    TrainerState state = new TrainerState(done, tokensSeen, logHistory);
    TrainerState.RunInfo info =
        new TrainerState.RunInfo(
            s.method(),
            order.epochAt(done),
            totalSteps,
            order.updatesPerEpoch(),
            s.config().seed(),
            s.configJson(),
            s.lora() == null ? null : s.lora().toJson());
    lastCheckpoint =
        TrainerCheckpoints.write(
            s.outputDir(),
            done,
            dir -> {
              s.model().save(dir);
              optimizer.save(dir.resolve(OPTIMIZER_FILE), s.manager());
              state.write(dir, info);
              order.save(dir);
            });
    LOG.info("{}: checkpoint {}", s.method(), lastCheckpoint);
    s.listener().onCheckpoint(done, lastCheckpoint);
  }
}
