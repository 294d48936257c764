package org.scalingpipeline.ingest;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A log file as its parser reads it: streamed, never held whole. {@link #lines()} opens its text as bounded
 * UTF-8 lines ({@link TextLines}); a {@code .gz} file is decompressed member after member, bytes after the
 * last member are a fault, and its expansion is capped ({@link ReadLimits}). The SHA-256 of the raw bytes
 * is computed as they pass, and {@link #identity()} reads what the parser left unread, so the identity
 * always covers the whole file.
 */
public final class InputFile {

  /** Opens the file's raw bytes. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  /** A read that a {@link ReadLimits} bound stopped. */
  static final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
      super(message);
    }
  }

  /** Bytes after the last gzip member that are not another member: the file is damaged or not what it says. */
  static final class TrailingGarbage extends IOException {
    private static final long serialVersionUID = 1L;

    TrailingGarbage() {
      super("bytes after the gzip data that are not another gzip member: the file is damaged or was appended to"
          + " uncompressed; expected gzip members only");
    }
  }

  private final String path;
  private final long sizeBytes;
  private final long modifiedMillis;
  private final Opener opener;
  private final ReadLimits limits;
  private ParseSink sink;
  private LogConventions conventions;
  private MessageDigest digest;
  private InputStream raw;
  private FileIdentity identity;

  private InputFile(String path, long sizeBytes, long modifiedMillis, Opener opener, ReadLimits limits) {
    this.path = path;
    this.sizeBytes = sizeBytes;
    this.modifiedMillis = modifiedMillis;
    this.opener = opener;
    this.limits = limits;
  }

  /** A file to be read through {@code opener}, with the size and modification time its file system reports. */
  public static InputFile of(String path, long sizeBytes, long modifiedMillis, Opener opener, ReadLimits limits) {
    return new InputFile(path, sizeBytes, modifiedMillis, opener, limits);
  }

  /** Streams the file's parse: its rows and rejects go to {@code sink} as they are found (see {@link ParsedFile}). */
  InputFile streamingTo(ParseSink sink) {
    this.sink = sink;
    return this;
  }

  /** Reads the file under these conventions instead of the defaults. */
  InputFile describedBy(LogConventions conventions) {
    this.conventions = conventions;
    return this;
  }

  /** The metric map and run manifest the file is read under. */
  LogConventions conventions() {
    return conventions == null ? LogConventions.defaults() : conventions;
  }

  /** Where the parse sends its rows and rejects, or null when the parse keeps them. */
  ParseSink sink() {
    return sink;
  }

  /** The path, as given. */
  public String path() {
    return path;
  }

  /** Opens the (decompressed) text as lines; once per file. Closing them leaves the file to {@link #identity()}. */
  TextLines lines() throws IOException {
    return lines(false);
  }

  /** Opens the (decompressed) text as CSV records (RFC 4180: quoted fields may hold newlines); once per file. */
  TextLines records() throws IOException {
    return lines(true);
  }

  private TextLines lines(boolean quotedRecords) throws IOException {
    if (raw != null) {
      throw new IllegalStateException(path + " is open already");
    }
    openRaw();
    InputStream text = new FilterInputStream(raw) {
      @Override
      public void close() {
        // identity() reads the rest and closes the file
      }
    };
    if (path.endsWith(".gz")) {
      try {
        text = new Capped(new GzipCompressorInputStream(text, true), limits.decompressedCap(sizeBytes));
      } catch (IOException e) {
        throw new IOException("not a gzip file (" + e.getMessage() + ")", e);
      }
    }
    return new TextLines(text, limits.maxLineBytes(), quotedRecords);
  }

  /**
   * Opens the raw bytes of a binary log (TensorBoard event file, W&B run file, SQLite database); once per file.
   * Nothing is decompressed or bounded here: a binary reader bounds every length it reads itself. Closing the
   * stream leaves the file to {@link #identity()}.
   */
  InputStream bytes() throws IOException {
    if (raw != null) {
      throw new IllegalStateException(path + " is open already");
    }
    openRaw();
    return new FilterInputStream(raw) {
      @Override
      public void close() {
        // identity() reads the rest and closes the file
      }
    };
  }

  /** The size its file system reports, in bytes. */
  long sizeBytes() {
    return sizeBytes;
  }

  /**
   * Opens the file's raw bytes afresh, apart from {@link #bytes()} and unhashed, for a look at its head (a TensorBoard
   * reader reads the start of the other event files of a run); the caller closes it.
   */
  InputStream head() throws IOException {
    return new BufferedInputStream(opener.open(), 1 << 16);
  }

  /** The read limits this file is read under. */
  ReadLimits limits() {
    return limits;
  }

  /** The whole text of a small file (a sidecar), at most {@link ReadLimits#maxLineBytes()} long. */
  String text() throws IOException {
    StringBuilder text = new StringBuilder();
    try (TextLines lines = lines()) {
      for (TextLines.Line line = lines.next(); line != null; line = lines.next()) {
        if (line.fault() != null) {
          throw new IOException(line.fault());
        }
        if (text.length() + line.text().length() > limits.maxLineBytes()) {
          throw new LimitExceeded("longer than the limit of " + limits.maxLineBytes() + " bytes ("
              + ReadLimits.MAX_LINE_BYTES + ")");
        }
        text.append(line.text()).append('\n');
      }
    }
    return text.toString();
  }

  /**
   * Path, size, modification time and the SHA-256 of every byte of the file: the bytes the parser did not read
   * are read here (at disk speed, in constant memory), then the file is closed.
   */
  public FileIdentity identity() {
    if (identity == null) {
      try {
        if (raw == null) {
          openRaw();
        }
        try (InputStream in = raw) {
          byte[] skip = new byte[1 << 16];
          while (in.read(skip) >= 0) {
            // digested as it passes
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
      }
      identity = new FileIdentity(path, sizeBytes, modifiedMillis, HexFormat.of().formatHex(digest.digest()));
    }
    return identity;
  }

  /** Opens the raw bytes, hashed as they pass. */
  private void openRaw() throws IOException {
    digest = sha256();
    raw = new DigestInputStream(new BufferedInputStream(opener.open(), 1 << 16), digest);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** What commons-compress says of bytes after the last member. */
  private static final String GARBAGE = "Garbage after a valid .gz stream";

  /** A decompressed stream that fails once it yields more than a limit of bytes, or meets trailing garbage. */
  private static final class Capped extends FilterInputStream {
    private final ReadLimits.Cap cap;
    private long count;

    Capped(InputStream in, ReadLimits.Cap cap) {
      super(in);
      this.cap = cap;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, (int) Math.min(len, cap.bytes() - count + 1));
      } catch (IOException e) {
        throw GARBAGE.equals(e.getMessage()) ? new TrailingGarbage() : e;
      }
      count += Math.max(n, 0);
      if (count > cap.bytes()) {
        throw new LimitExceeded("the decompressed text is longer than the limit of " + cap.limit());
      }
      return n;
    }
  }
}
