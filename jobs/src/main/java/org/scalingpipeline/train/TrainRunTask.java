package org.scalingpipeline.train;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.api.java.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of one Spark task: pick the device Spark assigned, train the run, land its log. Engine,
 * device and corpus problems fail the task (every run would fail the same way); a run that diverges
 * or fails while training lands a log whose run record says so, and the sweep goes on.
 */
final class TrainRunTask implements Function<RunSpec, TrainSweepJob.RunResult> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TrainRunTask.class);

  private final String corpus;
  private final String landing;

  /** Paths as strings: they travel to the executors, which must see the same files. */
  TrainRunTask(Path corpus, Path landing) {
    this.corpus = corpus.toString();
    this.landing = landing.toString();
  }

  @Override
  public TrainSweepJob.RunResult call(RunSpec spec) {
    DeviceAssignment assignment = DeviceAssignment.forCurrentTask(DjlEngines.pytorch().getGpuCount());
    LOG.info("run {}: {}", spec.runName(), assignment.note());
    TextCorpus text = TextCorpus.load(Paths.get(corpus));
    JsonlRunLog log = new JsonlRunLog(spec, text.name());
    TrainingOutcome outcome;
    try {
      outcome = LanguageModelTraining.train(spec, text, assignment.device(), log);
    } catch (RuntimeException e) {
      LOG.error("run {} failed", spec.runName(), e);
      outcome = TrainingOutcome.failed(e.toString(), log.lastStep());
    }
    Path landed = log.land(Paths.get(landing), outcome, assignment.device().toString());
    LOG.info("run {}: {} after {} steps, val_loss {}, {} tokens/s -> {}", spec.runName(),
        outcome.status().label(), outcome.stepsDone(), outcome.finalValLoss(),
        Math.round(outcome.tokensPerSecond()), landed);
    return new TrainSweepJob.RunResult(spec.runName(), assignment.device().toString(), outcome,
        landed.toString());
  }
}
