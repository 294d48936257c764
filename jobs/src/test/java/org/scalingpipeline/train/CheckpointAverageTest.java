package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.core.flops.DecoderLmConfig;

/**
 * Checkpoint averaging as stochastic weight averaging defines it (Izmailov et al. 2018, §3.2, Algorithm 1, equal
 * weights): the averaged model's every parameter element is the mean of that element over the K snapshots, and
 * the snapshots are K steps spread evenly over the last fraction of training, the last at the last step.
 */
class CheckpointAverageTest {

  @Test
  void theAverageOfKIdenticalSnapshotsIsTheSnapshotExactly() {
    float[][] snapshot = {{0.1f, -3.7e-5f, 1.0e30f, Float.MIN_VALUE}, {0.3333333f, -0.02f}};
    CheckpointAverage average = new CheckpointAverage();
    for (int k = 0; k < 4; k++) {
      average.add(snapshot);
    }
    float[][] mean = average.mean();
    for (int p = 0; p < snapshot.length; p++) {
      assertArrayEquals(snapshot[p], mean[p], 0f, "parameter " + p + ": bit for bit, no rounding drift");
    }
  }

  @Test
  void twoSnapshotsAverageToTheirElementWiseMean() {
    CheckpointAverage average = new CheckpointAverage();
    average.add(new float[][] {{1f, -2f, 0.5f}, {10f}});
    average.add(new float[][] {{3f, 4f, 0.25f}, {-6f}});
    assertEquals(2, average.count());
    float[][] mean = average.mean();
    assertArrayEquals(new float[] {2f, 1f, 0.375f}, mean[0], 0f, "(1+3)/2, (-2+4)/2, (0.5+0.25)/2");
    assertArrayEquals(new float[] {2f}, mean[1], 0f, "(10-6)/2");
  }

  @Test
  void threeSnapshotsAreAMeanNotTheLastOrAPairwiseBlend() {
    CheckpointAverage average = new CheckpointAverage();
    for (float w : new float[] {0f, 3f, 9f}) {
      average.add(new float[][] {{w}});
    }
    // an exponential blend (w + w') / 2 in turn would give 5.25; the mean is 4
    assertArrayEquals(new float[] {4f}, average.mean()[0], 0f);
  }

  @Test
  void snapshotsOfAnotherShapeAreRefused() {
    CheckpointAverage average = new CheckpointAverage();
    average.add(new float[][] {{1f, 2f}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> average.add(new float[][] {{1f, 2f, 3f}}));
    assertEquals("parameter 0 of snapshot 2 has 3 elements, in the first snapshot 2", e.getMessage());
    assertThrows(IllegalStateException.class, () -> new CheckpointAverage().mean());
  }

  @Test
  void fourSnapshotsOverTheLastFifthOfOneHundredStepsAreTakenAfterSteps85To100() {
    assertArrayEquals(new int[] {85, 90, 95, 100}, new CheckpointAveraging(4, 0.2).snapshotSteps(100));
    // 72 steps (the cpu-isoflop reference run): 14.4 steps, 3.6 apart, rounded
    assertArrayEquals(new int[] {61, 65, 68, 72}, new CheckpointAveraging(4, 0.2).snapshotSteps(72));
    assertArrayEquals(new int[] {50, 100}, new CheckpointAveraging(2, 1.0).snapshotSteps(100));
  }

  @Test
  void tooFewStepsOrBadOptionsAreNamed() {
    IllegalArgumentException short_ = assertThrows(IllegalArgumentException.class,
        () -> new CheckpointAveraging(4, 0.2).snapshotSteps(10));
    assertEquals("checkpoint_average needs 4 distinct steps in the last 0.2 of the run's 10 steps, got steps"
        + " [8, 9, 9, 10]; average fewer snapshots or a larger last_fraction", short_.getMessage());
    assertEquals("snapshots must be an integer >= 2 (the average of one snapshot is the last checkpoint), got 1",
        assertThrows(IllegalArgumentException.class, () -> new CheckpointAveraging(1, 0.2)).getMessage());
    assertEquals("last_fraction must be a number in (0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> new CheckpointAveraging(4, 1.5)).getMessage());
  }

  @Test
  void aModelGetsTheMeanOfItsSnapshotsAndTheLastCheckpointBackAfterTheEvaluation(@TempDir Path dir)
      throws IOException {
    TestRequirements.offlineEngine();
    DecoderLmConfig config = DecoderLmConfig.of(32, 1, 2, 16, ByteVocabulary.SIZE);
    RunSpec spec = new RunSpec("unit", config, 4, 2, 1e-2f, 0, 0f, 2, 2, 3L, "grid", null, null);
    TokenBatches batches = new TokenBatches(TextCorpus.load(MarkovCorpus.write(dir)), 4, 16, 3L);
    try (Model model = LanguageModelTraining.newModel(spec, Device.cpu());
         Trainer trainer = LanguageModelTraining.newTrainer(model, spec, Device.cpu())) {
      float[][] first = ModelWeights.read(trainer);
      try (NDManager step = trainer.getManager().newSubManager()) {
        LanguageModelTraining.trainStep(trainer, batches.nextTrainBatch(step));
      }
      float[][] second = ModelWeights.read(trainer);
      assertNotEquals(first[0][0], second[0][0], "one AdamW step moved the token embedding");
      double lastLoss = LanguageModelTraining.validationLoss(trainer, batches, 2);

      CheckpointAverage same = new CheckpointAverage();
      for (int k = 0; k < 4; k++) {
        same.add(second);
      }
      assertEquals(lastLoss, LanguageModelTraining.averagedValidationLoss(trainer, batches, 2, same), 0.0,
          "4 snapshots of the last checkpoint: the average is the last checkpoint, so is its loss");

      CheckpointAverage pair = new CheckpointAverage();
      pair.add(first);
      pair.add(second);
      ModelWeights.write(trainer, pair.mean());
      float[][] loaded = ModelWeights.read(trainer);
      for (int p = 0; p < first.length; p++) {
        float[] expected = new float[first[p].length];
        for (int i = 0; i < expected.length; i++) {
          expected[i] = (float) (((double) first[p][i] + second[p][i]) / 2);
        }
        assertArrayEquals(expected, loaded[p], 0f, "parameter " + p + " is the element-wise mean");
      }
      ModelWeights.write(trainer, second);

      double averagedLoss = LanguageModelTraining.averagedValidationLoss(trainer, batches, 2, pair);
      assertNotEquals(lastLoss, averagedLoss, "the averaged model is another model");
      float[][] after = ModelWeights.read(trainer);
      for (int p = 0; p < second.length; p++) {
        assertArrayEquals(second[p], after[p], 0f, "parameter " + p + " restored to the last checkpoint");
      }
      assertEquals(lastLoss, LanguageModelTraining.validationLoss(trainer, batches, 2), 0.0);
    }
  }
}
