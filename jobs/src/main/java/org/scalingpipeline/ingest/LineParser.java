package org.scalingpipeline.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A parser for line-oriented text files: a first line that describes the rest (a CSV header or a
 * JSONL run record), then one row per line. Blank lines are not rows. Lines come from {@link TextLines}: a line
 * that is too long or not UTF-8 is a reject of its own and the next line reads on. A file that ends early (a
 * truncated gzip) or expands past its limit keeps the rows read before the damage and records the damage as a
 * reject; a gzip file with bytes after its gzip data is rejected whole (its rows cannot be trusted).
 */
abstract class LineParser implements LogParser {

  private final LogFormat format;
  private final boolean csvRecords;

  /** @param csvRecords rows are CSV records ({@link Csv}), which may span lines inside quoted fields */
  LineParser(LogFormat format, boolean csvRecords) {
    this.format = format;
    this.csvRecords = csvRecords;
  }

  @Override
  public final ParsedFile parse(InputFile file) {
    ParseCollector out = new ParseCollector(file, format);
    long lineNo = 0;
    try (TextLines lines = csvRecords ? file.records() : file.lines()) {
      TextLines.Line first = lines.next();
      lineNo = 1;
      if (first == null || first.fault() == null && first.text().isBlank()) {
        return out.wholeFileRejected("empty file: expected " + expectedFirstLine());
      }
      String fault;
      out.at(1, first.text());
      try {
        fault = first.fault() != null ? first.fault() : firstLine(first.text(), out);
      } catch (Cells.BadCell e) {
        fault = e.getMessage();
      }
      if (fault != null) {
        return out.wholeFileRejected("line 1: " + fault);
      }
      for (TextLines.Line line = lines.next(); line != null; line = lines.next()) {
        lineNo = line.number();
        if (line.fault() != null) {
          out.reject(lineNo, null, line.fault());
        } else if (!line.text().isBlank()) {
          out.at(lineNo, line.text());
          try {
            row(lineNo, line.text(), out);
          } catch (Cells.BadCell e) {
            out.reject(lineNo, line.text(), e.getMessage());
          }
        }
      }
    } catch (InputFile.TrailingGarbage e) {
      return out.wholeFileRejected(e.getMessage());
    } catch (InputFile.LimitExceeded e) {
      out.reject(lineNo + 1, null, e.getMessage() + "; the file is not read past line " + lineNo);
    } catch (IOException | UncheckedIOException e) {
      String cause = e instanceof EOFException ? "the compressed data end early" : e.getMessage();
      if (lineNo == 0) {
        return out.wholeFileRejected("unreadable: " + cause);
      }
      out.reject(lineNo + 1, null, "file ends early after line " + lineNo + " (truncated or corrupt): " + cause);
    }
    return out.result();
  }

  /** What the first line should look like, for the empty-file message. */
  abstract String expectedFirstLine();

  /** Reads the first line; returns a fault that rejects the whole file, or null. */
  abstract String firstLine(String line, ParseCollector out);

  /** Reads one data row: accepts it (with its points) or rejects it with a reason (or a {@link Cells.BadCell}). */
  abstract void row(long lineNo, String line, ParseCollector out);
}
