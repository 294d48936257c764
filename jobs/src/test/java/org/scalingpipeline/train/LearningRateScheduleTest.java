package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void warmsUpLinearlyThenDecaysToTenPercent() {
    Tracker lr = LearningRateSchedule.warmupCosine(1e-3f, 10, 110);
    assertEquals(0f, lr.getNewValue(0), 1e-9f);
    assertEquals(5e-4f, lr.getNewValue(5), 1e-9f);
    assertEquals(1e-3f, lr.getNewValue(10), 1e-9f);
    // half way through the cosine: (peak + final) / 2
    assertEquals(5.5e-4f, lr.getNewValue(60), 1e-7f);
    assertEquals(1e-4f, lr.getNewValue(110), 1e-9f);
  }
}
