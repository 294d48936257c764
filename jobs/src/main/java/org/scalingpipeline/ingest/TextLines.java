package org.scalingpipeline.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The lines of a UTF-8 text stream, read in bounded memory: a line is held only up to
 * {@link ReadLimits#maxLineBytes()} (a longer one is skipped to its end and comes back as a fault), bytes that
 * are not UTF-8 come back as a fault naming their offset (an overlong first line ends the reading, since it
 * rejects the file), and a UTF-8 byte-order mark before the first line is
 * dropped. {@code \n} ends a line, a {@code \r} before it is dropped. A fault is one line's: the next line
 * reads on. Read as CSV records, a quoted field may hold newlines ({@link Csv}).
 */
final class TextLines implements Closeable {

  /**
   * One line: its number (from 1), the offset of its first byte in the text, and its text, or instead a
   * fault saying why it cannot be read.
   */
  record Line(long number, long offset, String text, String fault) {}

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final InputStream in;
  private final int maxLineBytes;
  private final boolean quotedRecords;
  private boolean inQuotes;
  private long physicalLines;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  /**
   * Small reads: a decompressing stream that fails mid-read (a truncated gzip) loses what that read had
   * inflated, so the lines before the damage survive best when each read asks for little.
   */
  private final byte[] chunk = new byte[1 << 13];
  private int chunkStart;
  private int chunkEnd;
  private byte[] line = new byte[256];
  private int lineLength;
  private long offset;
  private long number;
  private long newlinesInside;

  /**
   * @param quotedRecords read CSV records (RFC 4180): a newline inside a double-quoted field does not end the
   *     record, and a record's number is that of its first line
   */
  TextLines(InputStream in, int maxLineBytes, boolean quotedRecords) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.quotedRecords = quotedRecords;
  }

  /** The next line, or null at the end of the text. */
  Line next() throws IOException {
    long start = offset;
    lineLength = 0;
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (chunkStart == chunkEnd && !fill()) {
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      int newline = endOfLine(chunkStart, chunkEnd);
      int end = newline < 0 ? chunkEnd : newline;
      int take = end - chunkStart;
      if (!tooLong && lineLength + take > maxLineBytes) {
        tooLong = true;
        if (number == 0) {
          break; // an overlong first line rejects the file: nothing after it is read
        }
      }
      if (!tooLong) {
        append(chunk, chunkStart, take);
      }
      offset += take + (newline < 0 ? 0 : 1);
      chunkStart = newline < 0 ? chunkEnd : newline + 1;
      if (newline >= 0) {
        break;
      }
    }
    number = ++physicalLines;
    physicalLines += newlinesInside;
    newlinesInside = 0;
    inQuotes = false;
    if (tooLong) {
      return new Line(number, start, null, "line " + number + " is longer than the limit of " + maxLineBytes
          + " bytes (" + ReadLimits.MAX_LINE_BYTES + ")");
    }
    int from = 0;
    int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
    if (number == 1) {
      String encoding = foreignEncoding();
      if (encoding != null) {
        return new Line(number, start, null, encoding);
      }
      if (length >= 3 && Arrays.equals(line, 0, 3, UTF8_BOM, 0, 3)) {
        from = 3;
      }
    }
    return decode(start, from, length);
  }

  /** The line's bytes, decoded; a fault naming the offset of the first byte that is not UTF-8. */
  private Line decode(long start, int from, int to) {
    boolean ascii = true;
    for (int i = from; i < to && ascii; i++) {
      ascii = line[i] >= 0;
    }
    if (ascii) {
      return new Line(number, start, new String(line, from, to - from, StandardCharsets.ISO_8859_1), null);
    }
    ByteBuffer bytes = ByteBuffer.wrap(line, from, to - from);
    CharBuffer chars = CharBuffer.allocate(to - from);
    utf8.reset();
    CoderResult result = utf8.decode(bytes, chars, true);
    if (result.isError()) {
      int at = bytes.position();
      byte[] bad = Arrays.copyOfRange(line, at, Math.min(to, at + Math.max(result.length(), 1)));
      return new Line(number, start, null, "invalid UTF-8 at byte " + (start + at) + " of the text (0x"
          + HexFormat.of().withUpperCase().formatHex(bad) + "), expected UTF-8 text");
    }
    utf8.flush(chars);
    chars.flip();
    return new Line(number, start, chars.toString(), null);
  }

  /** A fault naming the encoding when the first line is plainly not UTF-8 (UTF-16 or binary), else null. */
  private String foreignEncoding() {
    if (lineLength >= 2 && (line[0] & 0xFF) == 0xFF && (line[1] & 0xFF) == 0xFE) {
      return "the file is UTF-16LE (byte-order mark FF FE), expected UTF-8 text";
    }
    if (lineLength >= 2 && (line[0] & 0xFF) == 0xFE && (line[1] & 0xFF) == 0xFF) {
      return "the file is UTF-16BE (byte-order mark FE FF), expected UTF-8 text";
    }
    int nul = indexOf((byte) 0, line, 0, lineLength);
    return nul < 0 ? null : "NUL byte at byte " + nul + " (UTF-16 without a byte-order mark, or a binary file),"
        + " expected UTF-8 text";
  }

  /** The index of the newline that ends the line (or record) in {@code chunk[from, to)}, or -1. */
  private int endOfLine(int from, int to) {
    if (!quotedRecords) {
      return indexOf((byte) '\n', chunk, from, to);
    }
    for (int i = from; i < to; i++) {
      if (chunk[i] == '"') {
        inQuotes = !inQuotes;
      } else if (chunk[i] == '\n') {
        if (!inQuotes) {
          return i;
        }
        newlinesInside++;
      }
    }
    return -1;
  }

  private boolean fill() throws IOException {
    int n = in.read(chunk, 0, chunk.length);
    while (n == 0) {
      n = in.read(chunk, 0, chunk.length);
    }
    chunkStart = 0;
    chunkEnd = Math.max(n, 0);
    return n > 0;
  }

  private void append(byte[] bytes, int from, int length) {
    if (lineLength + length > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLength + length, Math.min(2 * line.length, maxLineBytes)));
    }
    System.arraycopy(bytes, from, line, lineLength, length);
    lineLength += length;
  }

  private static int indexOf(byte b, byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
