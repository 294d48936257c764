package org.scalingpipeline.ingest;

import java.io.Serializable;

/**
 * One thing a parse yields when it is streamed ({@link StreamedParse}): an accepted row (with its points), a
 * reject, or, last for each file, the file's summary. The ingest keeps these instead of whole parsed files,
 * so a file of any size passes through in bounded memory.
 *
 * @param path the file the item comes from
 * @param row an accepted row, or null
 * @param reject a reject, or null
 * @param summary the file's summary (its last item), or null
 */
record ParseItem(String path, AcceptedRow row, Reject reject, ParsedFile summary) implements Serializable {

  static ParseItem row(String path, AcceptedRow row) {
    return new ParseItem(path, row, null, null);
  }

  static ParseItem reject(String path, Reject reject) {
    return new ParseItem(path, null, reject, null);
  }

  static ParseItem summary(ParsedFile summary) {
    return new ParseItem(summary.file().path(), null, null, summary);
  }

  boolean isSummary() {
    return summary != null;
  }
}
