package org.scalingpipeline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A source with more runs than a grid has panels draws an even spread of them, first and last included. */
class StudyLossCurvesViewTest {

  @Test
  void manyRunsAreCappedWithTheRestCounted() {
    List<String> runs = IntStream.range(0, 100).mapToObj(i -> "run" + i).toList();
    List<String> shown = StudyLossCurvesView.spread(runs, StudyLossCurvesView.MAX_PANELS);
    assertEquals(StudyLossCurvesView.MAX_PANELS, shown.size());
    assertEquals(List.of("run0", "run99"), List.of(shown.get(0), shown.get(shown.size() - 1)), "first and last drawn");
    assertEquals(shown.size(), Set.copyOf(shown).size(), "no run twice");
  }

  @Test
  void fewRunsAreAllDrawn() {
    List<String> runs = List.of("a", "b", "c");
    assertEquals(runs, StudyLossCurvesView.spread(runs, StudyLossCurvesView.MAX_PANELS));
  }
}
