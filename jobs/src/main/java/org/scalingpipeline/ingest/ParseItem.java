package org.scalingpipeline.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * What a parse yields when it is streamed ({@link StreamedParse}): a batch of accepted rows (with their points) and
 * rejects in the order found, or, last for each file, the file's summary. The ingest keeps these instead of whole
 * parsed files, so a file of any size passes through in bounded memory; rows travel in batches because a logdir's
 * millions of point-less records (histograms, run records) would otherwise cost a queue hand-over and a stored
 * object each.
 *
 * @param path the file the item comes from
 * @param rows accepted rows; empty in a summary
 * @param rejects rejects; empty in a summary
 * @param summary the file's summary (its last item), or null
 */
record ParseItem(String path, List<AcceptedRow> rows, List<Reject> rejects, ParsedFile summary) implements Serializable {

  static ParseItem batch(String path, List<AcceptedRow> rows, List<Reject> rejects) {
    return new ParseItem(path, List.copyOf(rows), List.copyOf(rejects), null);
  }

  static ParseItem summary(ParsedFile summary) {
    return new ParseItem(summary.file().path(), List.of(), List.of(), summary);
  }

  boolean isSummary() {
    return summary != null;
  }
}
