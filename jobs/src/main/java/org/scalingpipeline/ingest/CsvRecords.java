package org.scalingpipeline.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The records of a local CSV or TSV file as fields, read as ingest reads them ({@link TextLines} records, then
 * {@link Csv}: RFC 4180 quoting, fields holding the delimiter or newlines, UTF-8, bounded lines), for the tools
 * that read a user's table outside an ingest ({@code scaling fit-file}). Blank records are skipped.
 */
public final class CsvRecords implements Closeable {

  /** A record: the number of its first line, and its fields. */
  public record Record(long line, List<String> fields) {}

  /** A record that cannot be read; the message names its line, what was found and what was expected. */
  public static final class Fault extends IOException {
    private static final long serialVersionUID = 1L;

    Fault(String message) {
      super(message);
    }
  }

  private final TextLines lines;
  private final char delimiter;

  private CsvRecords(TextLines lines, char delimiter) {
    this.lines = lines;
    this.delimiter = delimiter;
  }

  /** Opens a file (a {@code .gz} one decompressed) with the default {@link ReadLimits}; tab-separated when it is a {@code .tsv}. */
  public static CsvRecords open(Path file) throws IOException {
    String name = file.getFileName().toString();
    InputFile input = InputFile.of(file.toString(), Files.size(file), Files.getLastModifiedTime(file).toMillis(),
        () -> Files.newInputStream(file), ReadLimits.defaults());
    return new CsvRecords(input.records(), name.endsWith(".tsv") || name.endsWith(".tsv.gz") ? '\t' : ',');
  }

  /** The next record that is not blank, or null at the end. */
  public Record next() throws IOException {
    for (TextLines.Line line = lines.next(); line != null; line = lines.next()) {
      if (line.fault() != null) {
        throw new Fault("line " + line.number() + ": " + line.fault());
      }
      if (!line.text().isBlank()) {
        try {
          return new Record(line.number(), Csv.fields(line.text(), delimiter));
        } catch (Cells.BadCell e) {
          throw new Fault("line " + line.number() + ": " + e.getMessage());
        }
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
