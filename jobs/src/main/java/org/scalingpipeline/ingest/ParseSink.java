package org.scalingpipeline.ingest;

/**
 * Where a streamed parse sends its rows and rejects as it finds them, instead of keeping them
 * ({@link ParseCollector}); the file's summary keeps only counts and runs.
 */
interface ParseSink {

  void row(AcceptedRow row);

  void reject(Reject reject);
}
