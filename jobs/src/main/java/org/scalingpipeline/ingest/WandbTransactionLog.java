package org.scalingpipeline.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Reads the framing of a W&amp;B run file ({@code run-<id>.wandb}), the "transaction log" that the SDK writes
 * ({@code wandb/sdk/internal/datastore.py}, wandb-core's {@code transactionlog}): a 7-byte header
 * ({@code :W&B}, {@code uint16 0xBEE1} little-endian, version byte 0), then LevelDB-log blocks of 32 KiB
 * (the header fills the first 7 bytes of the first block). A block holds chunks {@code uint32 crc, uint16
 * length, uint8 type, data} (little-endian; crc = zlib CRC-32 of the type byte and the data, unmasked); a
 * record is one FULL chunk or a FIRST, MIDDLE…, LAST run of chunks across blocks; fewer than 7 bytes left in
 * a block are zero padding.
 *
 * <p>{@link #next()} gives the records in order, each a payload or a fault naming its byte offset: a chunk
 * whose CRC does not match, or whose length runs past its block, is a fault and reading goes on at the next
 * chunk that decodes (the chunk after it when that one's CRC matches, else the next block), and the rest of a
 * record it cut is skipped with it; a record longer than the limit is a fault and its chunks are skipped; a file that ends inside a chunk or a record
 * (a run still being written) ends with a fault. At most one block and one record of at most the limit are
 * held.
 */
final class WandbTransactionLog {

  /** The LevelDB log block size. */
  static final int BLOCK = 32 * 1024;
  /** Bytes of a chunk header: CRC, length and type. */
  static final int CHUNK_HEADER = 7;
  /** The version of the file format this reader reads; the file header's last byte. */
  static final int VERSION = 0;
  static final int FULL = 1;
  static final int FIRST = 2;
  static final int MIDDLE = 3;
  static final int LAST = 4;
  private static final byte[] IDENT = {':', 'W', '&', 'B'};
  private static final int MAGIC = 0xBEE1;

  /**
   * One record of the file: its payload, or what is wrong at its byte offset (then {@code payload} is null).
   *
   * @param offset byte offset of the record's first chunk
   */
  record Frame(long offset, byte[] payload, String fault) {}

  /** A file that is not a W&amp;B run file of a version this reader knows. */
  static final class NotWandb extends IOException {
    private static final long serialVersionUID = 1L;

    NotWandb(String message) {
      super(message);
    }
  }

  private final InputStream in;
  private final int maxRecordBytes;
  private final byte[] block = new byte[BLOCK];
  private final CRC32 crc = new CRC32();
  private long blockStart;
  private int blockLength;
  private int at;
  private boolean ended;
  private ByteArrayOutputStream pending;
  private long pendingOffset;
  /** True while the chunks of a record longer than the limit are skipped. */
  private boolean skipping;

  private WandbTransactionLog(InputStream in, int maxRecordBytes) {
    this.in = in;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Opens a file after checking its 7-byte header; a file of another kind or version throws {@link NotWandb}. */
  static WandbTransactionLog open(InputStream in, int maxRecordBytes) throws IOException {
    WandbTransactionLog log = new WandbTransactionLog(in, maxRecordBytes);
    log.readBlock();
    byte[] b = log.block;
    if (log.blockLength < CHUNK_HEADER) {
      throw new NotWandb("found " + log.blockLength + " bytes, expected a W&B run file of at least a " + CHUNK_HEADER
          + "-byte header ':W&B', 0xBEE1, version");
    }
    for (int i = 0; i < IDENT.length; i++) {
      if (b[i] != IDENT[i]) {
        throw new NotWandb("found header bytes " + hex(b, 0, CHUNK_HEADER) + ", expected a W&B run file starting"
            + " ':W&B' (3a 57 26 42)");
      }
    }
    int magic = (b[4] & 0xFF) | (b[5] & 0xFF) << 8;
    if (magic != MAGIC) {
      throw new NotWandb("found magic 0x" + Integer.toHexString(magic).toUpperCase() + " at byte 4, expected 0xBEE1");
    }
    int version = b[6] & 0xFF;
    if (version != VERSION) {
      throw new NotWandb("found W&B file format version " + version + " at byte 6, expected version " + VERSION);
    }
    log.at = CHUNK_HEADER;
    return log;
  }

  /** The next record, or null at the end of the file. */
  Frame next() throws IOException {
    while (!ended) {
      if (at == blockLength || BLOCK - at < CHUNK_HEADER) {
        if (blockLength < BLOCK) {
          return end();
        }
        readBlock();
        continue;
      }
      long offset = blockStart + at;
      if (blockLength - at < CHUNK_HEADER) {
        ended = true;
        return new Frame(offset, null, "the file ends " + (blockLength - at) + " bytes into the chunk header at byte "
            + offset + ", expected " + CHUNK_HEADER + " (a run still being written, or a cut copy)" + dropped());
      }
      int length = length(at);
      int type = block[at + 6] & 0xFF;
      int dataAt = at + CHUNK_HEADER;
      if (dataAt + length > blockLength) {
        if (blockLength < BLOCK) {
          ended = true;
          return new Frame(offset, null, "the file ends " + (blockLength - dataAt) + " bytes into the " + length
              + " data bytes of the chunk at byte " + offset + " (a run still being written, or a cut copy)"
              + dropped());
        }
        at = blockLength;
        return new Frame(offset, null, "chunk length " + length + " at byte " + (offset + 4) + " runs past its block,"
            + " expected at most " + (blockLength - dataAt) + " (the bytes left in the " + BLOCK + "-byte block)"
            + dropped() + "; read on at the next block, byte " + (blockStart + BLOCK));
      }
      if (!crcMatches(at)) {
        String fault = "chunk CRC-32 at byte " + offset + " is 0x" + Long.toHexString(u32(at)) + ", expected 0x"
            + Long.toHexString(crc.getValue()) + " (of its type byte and " + length + " data bytes): the chunk is"
            + " damaged" + dropped();
        return new Frame(offset, null, fault + resync(dataAt + length));
      }
      if ((type == FULL || type == FIRST) && pending != null) {
        // reported first; the chunk is read again on the next call
        return new Frame(pendingOffset, null, "the record begun by the FIRST chunk at byte " + pendingOffset
            + " has no LAST chunk: found a " + name(type) + " chunk at byte " + offset + dropped());
      }
      at = dataAt + length;
      Frame frame = chunk(offset, type, dataAt, length);
      if (frame != null) {
        return frame;
      }
    }
    return null;
  }

  /** Takes a chunk whose CRC matches; returns a record when one is complete or at fault, else null. */
  private Frame chunk(long offset, int type, int dataAt, int length) {
    switch (type) {
      case FULL -> {
        skipping = false;
        return new Frame(offset, Arrays.copyOfRange(block, dataAt, dataAt + length), null);
      }
      case FIRST -> {
        skipping = false;
        pending = new ByteArrayOutputStream();
        pendingOffset = offset;
        return append(dataAt, length);
      }
      case MIDDLE, LAST -> {
        if (skipping) {
          skipping = type != LAST;
          return null;
        }
        if (pending == null) {
          return new Frame(offset, null, "a " + name(type) + " chunk at byte " + offset + " with no FIRST chunk before"
              + " it (the rest of a record whose beginning was lost)");
        }
        Frame fault = append(dataAt, length);
        if (fault != null || type == MIDDLE) {
          return fault;
        }
        Frame record = new Frame(pendingOffset, pending.toByteArray(), null);
        pending = null;
        return record;
      }
      default -> {
        return new Frame(offset, null, "chunk type " + type + " at byte " + (offset + 6) + ", expected 1 (FULL),"
            + " 2 (FIRST), 3 (MIDDLE) or 4 (LAST)" + dropped());
      }
    }
  }

  /** Adds a chunk's data to the record being assembled, unless that passes the limit. */
  private Frame append(int dataAt, int length) {
    if (pending.size() + (long) length > maxRecordBytes) {
      Frame fault = new Frame(pendingOffset, null, "the record at byte " + pendingOffset + " is longer than the limit"
          + " of " + maxRecordBytes + " bytes (" + ReadLimits.MAX_LINE_BYTES + "); its chunks are skipped");
      skipping = true;
      pending = null;
      return fault;
    }
    pending.write(block, dataAt, length);
    return null;
  }

  /**
   * Where to read on after a damaged chunk: the chunk its length points to when that one is whole and its CRC
   * matches, else the next block (a damaged length cannot be trusted).
   */
  private String resync(int nextAt) {
    if (nextAt + CHUNK_HEADER <= blockLength && BLOCK - nextAt >= CHUNK_HEADER
        && nextAt + CHUNK_HEADER + length(nextAt) <= blockLength && crcMatches(nextAt)) {
      at = nextAt;
      return "; read on at the next chunk, byte " + (blockStart + nextAt);
    }
    at = blockLength;
    return blockLength == BLOCK ? "; read on at the next block, byte " + (blockStart + BLOCK)
        : "; no whole chunk follows it in the file";
  }

  private boolean crcMatches(int chunkAt) {
    crc.reset();
    crc.update(block, chunkAt + 6, 1 + length(chunkAt));
    return crc.getValue() == u32(chunkAt);
  }

  private int length(int chunkAt) {
    return (block[chunkAt + 4] & 0xFF) | (block[chunkAt + 5] & 0xFF) << 8;
  }

  /** Drops the record being assembled, if any, and says so; its chunks still to come are skipped. */
  private String dropped() {
    if (pending == null) {
      return "";
    }
    String words = "; the record begun at byte " + pendingOffset + " is lost with it";
    pending = null;
    skipping = true;
    return words;
  }

  private Frame end() {
    ended = true;
    if (pending != null) {
      Frame fault = new Frame(pendingOffset, null, "the file ends inside the record begun by the FIRST chunk at byte "
          + pendingOffset + " (a run still being written, or a cut copy)");
      pending = null;
      return fault;
    }
    return null;
  }

  private void readBlock() throws IOException {
    blockStart += blockLength;
    blockLength = in.readNBytes(block, 0, BLOCK);
    at = 0;
  }

  private long u32(int i) {
    return (block[i] & 0xFFL) | (block[i + 1] & 0xFFL) << 8 | (block[i + 2] & 0xFFL) << 16 | (block[i + 3] & 0xFFL) << 24;
  }

  private static String name(int type) {
    return switch (type) {
      case FULL -> "FULL";
      case FIRST -> "FIRST";
      case MIDDLE -> "MIDDLE";
      default -> "LAST";
    };
  }

  private static String hex(byte[] b, int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      out.append(i > from ? " " : "").append(String.format("%02x", b[i] & 0xFF));
    }
    return out.toString();
  }
}
