package org.scalingpipeline.refit;

/**
 * A step of a refit unit its caller is told about. A scheduled refit passes {@link #NONE}; the crash
 * test passes a hook that pauses the unit after its ingest and before its fits, so that it can kill
 * the JVM in the middle of a unit and check the replay.
 */
@FunctionalInterface
public interface RefitHook {

  /** Does nothing. */
  RefitHook NONE = unit -> {};

  /** Called after a unit's files are ingested (merged), before its malformed files are quarantined and its groups refit. */
  void afterIngest(String unit);
}
