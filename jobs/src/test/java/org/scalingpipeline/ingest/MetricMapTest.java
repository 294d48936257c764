package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.warehouse.MetricUnit;

/**
 * The metric map ({@code data/metric-map.json}) names what trainers log: the validation loss under any of its
 * usual names is {@code loss_validation} in nats/token, a validation perplexity is that loss logged as a
 * perplexity, a name it does not list keeps its name as a {@code scalar}; a user's map overrides per source.
 */
class MetricMapTest {

  private final MetricMap defaults = MetricMap.defaults();

  @Test
  void theUsualNamesOfTheValidationLossAreOneMetric() {
    for (String logged : new String[] {"val/loss", "eval_loss", "validation_loss", "loss_validation", "val_loss",
        "validation/epoch_loss", "Eval/Loss"}) {
      assertEquals(new MetricMap.Target("loss_validation", MetricUnit.NATS_PER_TOKEN), defaults.resolve("any", logged),
          logged);
    }
    assertEquals(new MetricMap.Target("loss_validation", MetricUnit.PERPLEXITY), defaults.resolve("any", "val_ppl"));
    assertEquals(new MetricMap.Target("loss_train", MetricUnit.NATS_PER_TOKEN), defaults.resolve("any", "train/loss"));
    assertEquals(new MetricMap.Target("learning_rate", MetricUnit.SCALAR), defaults.resolve("any", "learning_rate"));
  }

  @Test
  void aUsersMapOverridesForOneSourceOrAll(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("map.json");
    Files.writeString(file, """
        {"names": [
          {"metric": "loss_validation", "unit": "bits/token", "logged_as": ["val/ce"]},
          {"metric": "loss_c4", "unit": "nats/token", "logged_as": ["eval_loss"], "source": "open_lm"}
        ]}""");
    MetricMap map = defaults.overriddenBy(file);
    assertEquals(new MetricMap.Target("loss_validation", MetricUnit.BITS_PER_TOKEN), map.resolve("any", "val/ce"));
    assertEquals(new MetricMap.Target("loss_c4", MetricUnit.NATS_PER_TOKEN), map.resolve("open_lm", "eval_loss"));
    assertEquals("loss_validation", map.resolve("wandb", "eval_loss").metric(), "other sources keep the default");
  }

  @Test
  void anUnknownUnitInAMapIsRefusedNamingTheEntry(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("map.json");
    Files.writeString(file, "{\"names\": [{\"metric\": \"m\", \"unit\": \"furlongs\", \"logged_as\": [\"x\"]}]}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> defaults.overriddenBy(file));
    assertTrue(e.getMessage().startsWith("metric map " + file + ", entry 1: unit: found 'furlongs', expected one of"
        + " nats/token, bits/token, perplexity"), e.getMessage());
  }

  @Test
  void aPointTakenAsLoggedGetsItsCanonicalNameUnitAndValue() {
    PointRecord logged = new PointRecord("r", 100, null, null, "val_ppl", Math.E * Math.E, PointRecord.AS_LOGGED,
        null, "f");
    PointRecord stored = logged.canonical(defaults, "wandb");
    assertEquals("loss_validation", stored.metric());
    assertEquals(2.0, stored.value(), 1e-15, "ln e^2");
    assertEquals("nats/token", stored.unit());
    assertEquals(new PointRecord.Logged("val_ppl", Math.E * Math.E, "perplexity"), stored.logged());
    PointRecord lr = new PointRecord("r", 100, null, null, "learning_rate", 3e-4, PointRecord.AS_LOGGED, null, "f")
        .canonical(defaults, "wandb");
    assertEquals("scalar", lr.unit());
    assertEquals(null, lr.logged(), "a name and value stored as logged keep nothing beside them");
  }
}
