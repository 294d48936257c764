package org.scalingpipeline.ingest;

/**
 * Reads one input file into runs, points and rejects. A parser never throws for bad content: every
 * fault becomes a reject, and the returned accounting adds up.
 */
public interface LogParser {

  /** Parses the file; faults of the content become rejects. */
  ParsedFile parse(InputFile file);
}
