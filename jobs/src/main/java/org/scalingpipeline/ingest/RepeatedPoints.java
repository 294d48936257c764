package org.scalingpipeline.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one rule for a (run, metric, step) that a file gives twice, the same within a file as between files
 * ({@link PointClaims}): a repeat with the same figures ({@link PointClaims#MEASURED}: value, tokens, FLOPs, unit;
 * the wall time is only when it was logged again) is the same observation, so its row stays accepted and the point
 * is kept once; a repeat that differs is a conflict, and its row is rejected with one reason text ({@link #REASON})
 * and the particulars in {@link Reject#detail}. Every reader applies it as it reads, for the first
 * {@link #MAX_TRACKED} points of a file (bounded memory, whatever the file's size); past them the ingest's
 * {@link PointClaims} applies the same rule, with the same reason, to the rest.
 */
final class RepeatedPoints {

  /** The reason of every conflicting repeat, the same text for all so that {@code GROUP BY reason} counts them as one. */
  static final String REASON = "a second value for a (metric, step) this file already gave";

  private record Key(String runId, String metric, long step) {}

  private record First(PointRecord point, long line) {}

  /** The points a reader remembers per file (each with its figures, a few hundred bytes): tens of MB at most. */
  static final int MAX_TRACKED = 1 << 16;

  private final Map<Key, First> first = new HashMap<>();

  /**
   * The points of a row at {@code line} that are new, the exact repeats left out; claims them for the row.
   * Nothing is claimed when one of them conflicts with an earlier line's point: that throws.
   */
  List<PointRecord> claim(List<PointRecord> points, long line) {
    Map<Key, PointRecord> inRow = new HashMap<>();
    for (PointRecord p : points) {
      First earlier = first.get(key(p));
      PointRecord before = earlier != null ? earlier.point() : inRow.get(key(p));
      if (before != null && !sameFigures(before, p)) {
        throw new Conflict(p.metric() + " at step " + p.step() + " of run " + p.runId() + ": " + difference(before, p)
            + " here, on line " + (earlier != null ? earlier.line() : line) + " " + difference(p, before));
      }
      inRow.putIfAbsent(key(p), p);
    }
    List<PointRecord> kept = new java.util.ArrayList<>();
    for (PointRecord p : points) {
      First claimed = first.get(key(p));
      if (claimed == null && first.size() < MAX_TRACKED) {
        first.put(key(p), new First(p, line));
        claimed = first.get(key(p));
      }
      if ((claimed == null || claimed.line() == line) && inRow.remove(key(p)) != null) {
        kept.add(p);
      }
    }
    return kept;
  }

  private static Key key(PointRecord p) {
    return new Key(p.runId(), p.metric(), p.step());
  }

  private static boolean sameFigures(PointRecord a, PointRecord b) {
    return difference(a, b).isEmpty();
  }

  /** The figures of {@code p} that {@code other} does not share, as {@code value 2.4, tokens null}. */
  private static String difference(PointRecord other, PointRecord p) {
    StringBuilder text = new StringBuilder();
    Object[][] figures = {
        {"value", p.value(), other.value()}, {"tokens", p.tokens(), other.tokens()},
        {"flops", p.flops(), other.flops()}, {"unit", p.unit(), other.unit()}};
    for (Object[] f : figures) {
      if (!Objects.equals(f[1], f[2])) {
        text.append(text.length() == 0 ? "" : ", ").append(f[0]).append(' ').append(f[1]);
      }
    }
    return text.toString();
  }

  /** A repeat that conflicts with an earlier line's point; its message is the reject's detail. */
  static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Conflict(String detail) {
      super(detail);
    }
  }
}
