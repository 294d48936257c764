package org.scalingpipeline.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;

/**
 * Trains one {@link RunSpec} with DJL: AdamW under a {@link LearningRateSchedule}, the training loss
 * averaged between evaluations, validation loss and bits per byte every {@code evalEvery} steps, and
 * a divergence guard that stops the run when a loss stops being finite. Curve points go to a
 * {@link CurveListener} with {@code tokens = step x tokens_per_step} and
 * {@code flops = step x flops_per_step}. With {@link CheckpointAveraging} on, weight snapshots are taken after
 * the steps it names and the validation loss of their mean is logged at the last step as
 * {@value #AVERAGED_METRIC}, beside the last checkpoint's {@code val_loss}.
 */
public final class LanguageModelTraining {

  /**
   * Serialises training within one JVM: DJL's PyTorch engine allows one active gradient collector
   * per process, so two Spark tasks of the same executor cannot train at the same time. Give each
   * executor one GPU (or {@code spark.task.cpus = spark.executor.cores} on CPU) to run in parallel.
   */
  private static final Object ONE_RUN_PER_JVM = new Object();

  /** Metric of the validation loss of the averaged checkpoints, in nats/token like {@code val_loss}. */
  public static final String AVERAGED_METRIC = "val_loss_averaged";

  /** Standard deviation of the initial weights (GPT-2). */
  static final float INIT_STD = 0.02f;

  private LanguageModelTraining() {}

  /**
   * Trains {@code spec} on {@code device}, waiting while another run trains in this JVM. Never
   * throws for divergence: the outcome says what happened. Errors of the engine or the corpus
   * propagate.
   */
  public static TrainingOutcome train(
      RunSpec spec, TextCorpus corpus, Device device, CurveListener listener) {
    DjlEngines.pytorch();
    TokenBatches batches =
        new TokenBatches(corpus, spec.batchSize(), spec.model().contextLength(), spec.seed());
    synchronized (ONE_RUN_PER_JVM) {
      try (Model model = newModel(spec, device);
           Trainer trainer = newTrainer(model, spec, device)) {
        return new Run(spec, trainer, batches, listener).execute();
      }
    }
  }

  /** A model holding an uninitialised {@link DecoderLanguageModel} for {@code spec}. */
  public static Model newModel(RunSpec spec, Device device) {
    Model model = Model.newInstance(spec.runName(), device, "PyTorch");
    model.setBlock(new DecoderLanguageModel(spec.model()));
    return model;
  }

  /**
   * Gradient clip of the AdamW update: DJL clips per element, not by global norm, and its PyTorch JNI
   * ({@code adamUpdate}) clamps from above only, so positive elements are capped at this value.
   */
  private static final float GRADIENT_CLIP = 1.0f;

  /** A trainer with initialised parameters: N(0, 0.02) weights, AdamW with clipped gradients, softmax cross-entropy. */
  public static Trainer newTrainer(Model model, RunSpec spec, Device device) {
    Tracker learningRate = LearningRateSchedule.warmupCosine(
        spec.peakLearningRate(), spec.warmupSteps(), spec.steps());
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adamW()
            .optLearningRateTracker(learningRate)
            .optWeightDecays(spec.weightDecay())
            .optClipGrad(GRADIENT_CLIP)
            .build())
        .optInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT)
        .optDevices(new Device[] {device});
    Trainer trainer = model.newTrainer(config);
    trainer.getManager().getEngine().setRandomSeed((int) spec.seed());
    trainer.initialize(new Shape(spec.batchSize(), spec.model().contextLength()));
    return trainer;
  }

  /** One optimiser step on {@code batch = (inputs, labels)}; returns the batch's mean loss. */
  public static float trainStep(Trainer trainer, NDList batch) {
    float loss;
    try (GradientCollector collector = trainer.newGradientCollector()) {
      NDArray lossArray = loss(trainer, batch, trainer.forward(new NDList(batch.get(0))));
      collector.backward(lossArray);
      loss = lossArray.getFloat();
    }
    trainer.step();
    return loss;
  }

  /** Mean next-token cross-entropy of the logits on the batch's labels, in nats/token. */
  private static NDArray loss(Trainer trainer, NDList batch, NDList logits) {
    NDArray flatLogits = logits.singletonOrThrow().reshape(-1, ByteVocabulary.SIZE);
    return trainer.getLoss().evaluate(new NDList(batch.get(1).reshape(-1)), new NDList(flatLogits));
  }

  /** Mean validation loss over {@code count} fixed validation batches, without gradients. */
  static double validationLoss(Trainer trainer, TokenBatches batches, int count) {
    double sum = 0;
    for (int i = 0; i < count; i++) {
      try (NDManager scope = trainer.getManager().newSubManager()) {
        NDList batch = batches.validationBatch(scope, i, count);
        sum += loss(trainer, batch, trainer.evaluate(new NDList(batch.get(0)))).getFloat();
      }
    }
    return sum / count;
  }

  /**
   * {@link #validationLoss} of the mean of {@code average}'s snapshots: the trainer's weights are replaced by
   * the mean for the evaluation and restored afterwards, so the trainer holds the last checkpoint again.
   */
  static double averagedValidationLoss(
      Trainer trainer, TokenBatches batches, int count, CheckpointAverage average) {
    float[][] last = ModelWeights.read(trainer);
    ModelWeights.write(trainer, average.mean());
    try {
      return validationLoss(trainer, batches, count);
    } finally {
      ModelWeights.write(trainer, last);
    }
  }

  /** The state of one run's training loop. */
  private static final class Run {
    private final RunSpec spec;
    private final Trainer trainer;
    private final TokenBatches batches;
    private final CurveListener listener;
    private final int[] snapshotSteps;
    private final CheckpointAverage average = new CheckpointAverage();
    private double trainLossSum;
    private int trainLossCount;
    private double lastValLoss = Double.NaN;
    private long trainNanos;

    Run(RunSpec spec, Trainer trainer, TokenBatches batches, CurveListener listener) {
      this.spec = spec;
      this.trainer = trainer;
      this.batches = batches;
      this.listener = listener;
      this.snapshotSteps = spec.snapshotSteps();
    }

    TrainingOutcome execute() {
      for (int step = 1; step <= spec.steps(); step++) {
        float loss = timedTrainStep();
        if (!Float.isFinite(loss)) {
          return diverged(step, "training loss", loss);
        }
        trainLossSum += loss;
        trainLossCount++;
        if (Arrays.binarySearch(snapshotSteps, step) >= 0) {
          average.add(ModelWeights.read(trainer));
        }
        if (step % spec.evalEvery() == 0 || step == spec.steps()) {
          emit(step, "train_loss", trainLossSum / trainLossCount, "nats/token");
          trainLossSum = 0;
          trainLossCount = 0;
          double valLoss = validationLoss(trainer, batches, spec.evalBatches());
          if (!Double.isFinite(valLoss)) {
            return diverged(step, "validation loss", valLoss);
          }
          lastValLoss = valLoss;
          emit(step, "val_loss", valLoss, "nats/token");
          emit(step, "val_bpb", ByteVocabulary.bitsPerByte(valLoss), "bits/byte");
        }
      }
      if (average.count() > 0) {
        double averaged = averagedValidationLoss(trainer, batches, spec.evalBatches(), average);
        if (Double.isFinite(averaged)) {
          emit(spec.steps(), AVERAGED_METRIC, averaged, "nats/token");
        }
      }
      return outcome(RunStatus.COMPLETED, null, spec.steps());
    }

    private float timedTrainStep() {
      long start = System.nanoTime();
      try (NDManager scope = trainer.getManager().newSubManager()) {
        return trainStep(trainer, batches.nextTrainBatch(scope));
      } finally {
        trainNanos += System.nanoTime() - start;
      }
    }

    private TrainingOutcome diverged(int step, String what, double value) {
      String reason = what + " became " + value + " at step " + step + " of " + spec.steps()
          + " (peak lr " + spec.peakLearningRate() + ", " + spec.warmupSteps()
          + " warmup steps); try a lower learning rate or a longer warmup";
      return outcome(RunStatus.DIVERGED, reason, step - 1L);
    }

    private TrainingOutcome outcome(RunStatus status, String reason, long stepsDone) {
      double tokensPerSecond = trainNanos == 0 ? Double.NaN
          : stepsDone * (double) spec.tokensPerStep() / (trainNanos / 1e9);
      return new TrainingOutcome(status, reason, stepsDone, lastValLoss, tokensPerSecond);
    }

    private void emit(long step, String metric, double value, String unit) {
      listener.onPoint(new CurvePoint(step, step * spec.tokensPerStep(), step * spec.flopsPerStep(),
          metric, value, unit, System.currentTimeMillis() / 1000.0));
    }
  }
}
