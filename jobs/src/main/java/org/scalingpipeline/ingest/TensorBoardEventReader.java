package org.scalingpipeline.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Streams the scalars out of a TensorBoard event file ({@code events.out.tfevents.*}), whichever writer wrote it
 * (TF1 {@code FileWriter}, TF2 {@code tf.summary}, Keras, {@code torch.utils.tensorboard}, tensorboardX,
 * Lightning), independent of Spark. The file is a sequence of TFRecords (TensorFlow {@code
 * core/lib/io/record_writer.cc}): {@code uint64 length} (little-endian), {@code uint32 masked_crc32c(length)},
 * {@code length} bytes of data, {@code uint32 masked_crc32c(data)}, where masked = {@code ((crc >>> 15) | (crc
 * << 17)) + 0xa282ead8} over CRC-32C. Each record's data is an {@code Event} protobuf ({@code
 * tensorflow/core/util/event.proto}), decoded by field number with unknown fields skipped.
 *
 * <p>A scalar is a {@code Summary.Value} holding a v1 {@code simple_value}, or a v2 scalar: a one-element
 * {@code TensorProto} of a tag whose {@code SummaryMetadata} names the {@code scalars} plugin or data class
 * {@code SCALAR} (TensorBoard {@code plugins/scalar/summary_v2.py}; the metadata rides on a tag's first value
 * only, so the tag is remembered). Every other payload (histograms, images, audio, graphs, text, other
 * tensors) is skipped unread. The {@code hparams} plugin's {@code session_start_info} is handed over as text.
 *
 * <p>Faults never throw: a record whose data CRC fails or whose {@code Event} does not decode is a fault and
 * reading goes on at the next record; a length whose CRC fails loses the framing, and a file that ends inside
 * a record (still being written) ends the reading, each as one fault naming the byte offset. A length is
 * checked against the bytes left and the limit before anything is allocated. The file is read in large blocks into
 * one reused buffer, and a record is checked and decoded where it lies in it: no read call or copy per record.
 */
public final class TensorBoardEventReader {

  /** What the reader finds, record after record. */
  public interface Listener {
    /** Record {@code index} (1-based) at byte {@code offset} is well formed; its scalars and hparams follow. */
    void record(long index, long offset);

    /** A scalar of the record just announced; {@code wallTime} is 0 when the event has none (proto3's default). */
    void scalar(String tag, long step, double wallTime, double value);

    /** The hparams of an {@code hparams} plugin's {@code session_start_info} in the record just announced. */
    void hparams(Map<String, HParam> hparams);

    /** Record {@code index} at byte {@code offset} (and, when the framing is lost, all after it) is refused. */
    void fault(long index, long offset, String reason);
  }

  /** A hyperparameter's value as text, and whether it is a number ({@code number_value}). */
  public record HParam(String text, boolean number) {}

  private static final int HEADER_BYTES = 12;
  private static final int FOOTER_BYTES = 4;
  private static final int MASK_DELTA = 0xa282ead8;

  private static final int EVENT_WALL_TIME = fieldTag(1, WireFormat.WIRETYPE_FIXED64);
  private static final int EVENT_STEP = fieldTag(2, WireFormat.WIRETYPE_VARINT);
  private static final int EVENT_SUMMARY = fieldTag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int SUMMARY_VALUE = fieldTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int VALUE_TAG = fieldTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int VALUE_SIMPLE = fieldTag(2, WireFormat.WIRETYPE_FIXED32);
  private static final int VALUE_TENSOR = fieldTag(8, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int VALUE_METADATA = fieldTag(9, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  /** The fields of {@code Summary.Value}'s {@code value} oneof (2, 3, 4, 5, 6, 8), a bit each; the last present is it. */
  private static final int VALUE_ONEOF = 1 << 2 | 1 << 3 | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 8;
  private static final int METADATA_PLUGIN = fieldTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int METADATA_DATA_CLASS = fieldTag(4, WireFormat.WIRETYPE_VARINT);
  private static final int PLUGIN_NAME = fieldTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int PLUGIN_CONTENT = fieldTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  /** {@code SummaryMetadata.DataClass.DATA_CLASS_SCALAR}. */
  private static final int DATA_CLASS_SCALAR = 1;

  private final InputStream in;
  private final long sizeBytes;
  private final int maxRecordBytes;
  private final CRC32C crc = new CRC32C();
  /** Tags whose first value declared them scalars: their later tensors are scalars too. */
  private final Set<String> scalarTags = new HashSet<>();
  private final List<String> pendingTags = new ArrayList<>();
  private final List<Map<String, HParam>> pendingHparams = new ArrayList<>();
  private double[] pendingValues = new double[16];
  /** The bytes read ahead: {@code data[pos, limit)} are the next bytes of the file. */
  private byte[] data = new byte[1 << 18];
  private int pos;
  private int limit;
  /** Where the data of the record being decoded starts in {@code data}. */
  private int base;
  private long offset;
  private long index;

  /**
   * @param in the file's bytes (read in blocks of up to 256 KiB, or of a longer record's length)
   * @param sizeBytes the file's length, to check a record's length against the bytes left
   * @param maxRecordBytes the longest record held ({@link ReadLimits#maxLineBytes()}); a longer one is refused
   */
  public TensorBoardEventReader(InputStream in, long sizeBytes, int maxRecordBytes) {
    this.in = in;
    this.sizeBytes = sizeBytes;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** The byte offset reading has reached: after the last record read, or where a fault stopped it. */
  public long offset() {
    return offset;
  }

  /** Reads every record to the end of the file or of its framing; an I/O error of the stream is thrown. */
  public void read(Listener listener) throws IOException {
    while (true) {
      long start = offset;
      int got = fill(HEADER_BYTES);
      if (got == 0) {
        return;
      }
      index++;
      if (got < HEADER_BYTES) {
        consume(got);
        listener.fault(index, start, "record " + index + " at byte " + start + " is incomplete: the file ends after "
            + got + " of the " + HEADER_BYTES + " header bytes (a file still being written ends so)");
        return;
      }
      long length = littleEndianLong(data, pos);
      int lengthCrc = littleEndianInt(data, pos + 8);
      int expectedLengthCrc = masked(data, pos, 8);
      consume(HEADER_BYTES);
      if (lengthCrc != expectedLengthCrc) {
        listener.fault(index, start, "record " + index + " at byte " + start + ": the length field's CRC is "
            + hex(lengthCrc) + ", expected " + hex(expectedLengthCrc) + " (masked CRC-32C of the length "
            + Long.toUnsignedString(length) + "); the framing is lost, the rest of the file from byte " + start
            + " is not read");
        return;
      }
      long left = sizeBytes - offset;
      if (length < 0 || length + FOOTER_BYTES > left) {
        listener.fault(index, start, "record " + index + " at byte " + start + " is incomplete: its length "
            + Long.toUnsignedString(length) + " and CRC need " + (length < 0 ? "more" : Long.toString(length + FOOTER_BYTES))
            + " bytes, the file has " + left + " left (a file still being written ends so)");
        return;
      }
      if (length > maxRecordBytes) {
        discard(length + FOOTER_BYTES);
        listener.fault(index, start, "record " + index + " at byte " + start + " is " + length
            + " bytes long, more than the limit of " + maxRecordBytes + " bytes (" + ReadLimits.MAX_LINE_BYTES + ")");
        continue;
      }
      int record = (int) length + FOOTER_BYTES;
      got = fill(record);
      if (got < record) {
        consume(got);
        listener.fault(index, start, "record " + index + " at byte " + start + " is incomplete: the file ends after "
            + got + " of its " + record + " data and CRC bytes (a file still being written ends so)");
        return;
      }
      base = pos;
      consume(record);
      int dataCrc = littleEndianInt(data, base + (int) length);
      int expectedDataCrc = masked(data, base, (int) length);
      if (dataCrc != expectedDataCrc) {
        listener.fault(index, start, "record " + index + " at byte " + start + ": the data's CRC is " + hex(dataCrc)
            + ", expected " + hex(expectedDataCrc) + " (masked CRC-32C of its " + length + " bytes)");
        continue;
      }
      decode(start, (int) length, listener);
    }
  }

  /**
   * Makes the next {@code bytes} of the file (at most the record limit and its framing) lie in {@code data} from
   * {@code pos}, reading ahead in blocks; returns how many of them it has, fewer only where the file ends.
   */
  private int fill(int bytes) throws IOException {
    if (limit - pos >= bytes) {
      return bytes;
    }
    System.arraycopy(data, pos, data, 0, limit - pos);
    limit -= pos;
    pos = 0;
    if (data.length < bytes) {
      data = Arrays.copyOf(data, (int) Math.max(bytes, Math.min(2L * data.length, maxRecordBytes + HEADER_BYTES
          + FOOTER_BYTES)));
    }
    while (limit < bytes) {
      int got = in.read(data, limit, data.length - limit);
      if (got < 0) {
        break;
      }
      limit += got;
    }
    return Math.min(bytes, limit);
  }

  private void consume(int bytes) {
    pos += bytes;
    offset += bytes;
  }

  /** Reads past bytes the reader does not hold (read, not skipped: the file's SHA-256 sees every byte). */
  private void discard(long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      int got = fill((int) Math.min(left, data.length));
      if (got == 0) {
        throw new EOFException("the file ended " + left + " bytes before its reported size");
      }
      consume(got);
      left -= got;
    }
  }

  /** Decodes one {@code Event}; its scalars are handed over only once all of it decoded. */
  private void decode(long start, int length, Listener listener) {
    pendingTags.clear();
    pendingHparams.clear();
    double wallTime = 0;
    long step = 0;
    try {
      CodedInputStream event = CodedInputStream.newInstance(data, base, length);
      for (int field = event.readTag(); field != 0; field = event.readTag()) {
        if (field == EVENT_WALL_TIME) {
          wallTime = event.readDouble();
        } else if (field == EVENT_STEP) {
          step = event.readInt64();
        } else if (field == EVENT_SUMMARY) {
          int limit = event.pushLimit(event.readRawVarint32());
          summary(event);
          event.popLimit(limit);
        } else {
          skip(event, field);
        }
      }
    } catch (InvalidProtocolBufferException | BadScalar e) {
      listener.fault(index, start, "record " + index + " at byte " + start + ": " + e.getMessage()
          + ", expected an Event protobuf (tensorflow/core/util/event.proto)");
      return;
    } catch (IOException e) {
      throw new IllegalStateException("a protobuf read from memory failed", e);
    }
    listener.record(index, start);
    for (int i = 0; i < pendingTags.size(); i++) {
      listener.scalar(pendingTags.get(i), step, wallTime, pendingValues[i]);
    }
    pendingHparams.forEach(listener::hparams);
  }

  private void summary(CodedInputStream summary) throws IOException {
    for (int field = summary.readTag(); field != 0; field = summary.readTag()) {
      if (field == SUMMARY_VALUE) {
        int limit = summary.pushLimit(summary.readRawVarint32());
        value(summary);
        summary.popLimit(limit);
      } else {
        skip(summary, field);
      }
    }
  }

  /**
   * One {@code Summary.Value}: a payload other than a scalar is skipped, not decoded, and so is its tag, which is
   * decoded only when the value is a scalar or declares its tag one (a histogram-heavy file pays nothing for it).
   */
  private void value(CodedInputStream value) throws IOException {
    int tagAt = -1;
    int tagLength = 0;
    int kind = 0;
    float simpleValue = 0;
    int tensorAt = -1;
    int tensorLength = 0;
    Metadata metadata = Metadata.NONE;
    for (int field = value.readTag(); field != 0; field = value.readTag()) {
      int number = WireFormat.getTagFieldNumber(field);
      if (field == VALUE_TAG) {
        tagLength = value.readRawVarint32();
        tagAt = value.getTotalBytesRead();
        value.skipRawBytes(tagLength);
      } else if (field == VALUE_SIMPLE) {
        simpleValue = value.readFloat();
        kind = number;
      } else if (field == VALUE_TENSOR) {
        tensorLength = value.readRawVarint32();
        tensorAt = value.getTotalBytesRead();
        value.skipRawBytes(tensorLength);
        kind = number;
      } else if (field == VALUE_METADATA) {
        int limit = value.pushLimit(value.readRawVarint32());
        metadata = metadata(value);
        value.popLimit(limit);
      } else {
        if (number < Integer.SIZE && (VALUE_ONEOF >>> number & 1) != 0
            && WireFormat.getTagWireType(field) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          kind = number;
        }
        skip(value, field);
      }
    }
    String tag = metadata.scalar() || kind == 2 || kind == 8 ? utf8(tagAt, tagLength) : null;
    if (metadata.scalar()) {
      scalarTags.add(tag);
    }
    if (kind == 2) {
      pending(tag, simpleValue);
    } else if (kind == 8 && scalarTags.contains(tag)) {
      pending(tag, TensorScalar.decode(tag, data, base + tensorAt, tensorLength));
    }
    if ("hparams".equals(metadata.plugin()) && metadata.contentLength() > 0) {
      Map<String, HParam> hparams = HParamsPluginData.sessionStartHparams(data, base + metadata.contentAt(),
          metadata.contentLength());
      if (hparams != null) {
        pendingHparams.add(hparams);
      }
    }
  }

  /** The UTF-8 text of a tag in the data buffer ("" when the value has none), refused when not UTF-8 (proto3 strings). */
  private String utf8(int at, int length) throws InvalidProtocolBufferException {
    if (at < 0) {
      return "";
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data, base + at, length)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidProtocolBufferException("a tag that is not UTF-8 (" + e.getMessage() + ")");
    }
  }

  /** What a value's {@code SummaryMetadata} says: its plugin, where the plugin's content lies, and its data class. */
  private record Metadata(String plugin, int contentAt, int contentLength, int dataClass) {
    static final Metadata NONE = new Metadata("", -1, 0, 0);

    boolean scalar() {
      return "scalars".equals(plugin) || dataClass == DATA_CLASS_SCALAR;
    }
  }

  private Metadata metadata(CodedInputStream metadata) throws IOException {
    String plugin = "";
    int contentAt = -1;
    int contentLength = 0;
    int dataClass = 0;
    for (int field = metadata.readTag(); field != 0; field = metadata.readTag()) {
      if (field == METADATA_PLUGIN) {
        int limit = metadata.pushLimit(metadata.readRawVarint32());
        for (int inner = metadata.readTag(); inner != 0; inner = metadata.readTag()) {
          if (inner == PLUGIN_NAME) {
            plugin = metadata.readStringRequireUtf8();
          } else if (inner == PLUGIN_CONTENT) {
            contentLength = metadata.readRawVarint32();
            contentAt = metadata.getTotalBytesRead();
            metadata.skipRawBytes(contentLength);
          } else {
            skip(metadata, inner);
          }
        }
        metadata.popLimit(limit);
      } else if (field == METADATA_DATA_CLASS) {
        dataClass = metadata.readEnum();
      } else {
        skip(metadata, field);
      }
    }
    return new Metadata(plugin, contentAt, contentLength, dataClass);
  }

  private void pending(String tag, double value) {
    if (pendingTags.size() == pendingValues.length) {
      pendingValues = Arrays.copyOf(pendingValues, 2 * pendingValues.length);
    }
    pendingValues[pendingTags.size()] = value;
    pendingTags.add(tag);
  }

  /** A field's tag on the wire: its number and wire type ({@code WireFormat.makeTag}, which protobuf keeps private). */
  static int fieldTag(int number, int wireType) {
    return number << 3 | wireType;
  }

  /** Skips a field this reader does not need; an end-group tag without its start is a fault. */
  static void skip(CodedInputStream in, int field) throws IOException {
    if (!in.skipField(field)) {
      throw new InvalidProtocolBufferException("an end-group tag (field " + WireFormat.getTagFieldNumber(field)
          + ") without its start group");
    }
  }

  /** A scalar value that cannot be read: the tensor of a scalar tag that is not one number. */
  static final class BadScalar extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadScalar(String message) {
      super(message);
    }
  }

  /** The masked CRC-32C of TFRecord framing ({@code tensorflow/core/lib/hash/crc32c.h}, {@code Mask}). */
  private int masked(byte[] bytes, int from, int length) {
    crc.reset();
    crc.update(bytes, from, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + MASK_DELTA;
  }

  private static long littleEndianLong(byte[] b, int at) {
    return (littleEndianInt(b, at) & 0xFFFFFFFFL) | ((long) littleEndianInt(b, at + 4) << 32);
  }

  private static int littleEndianInt(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
  }

  private static String hex(int value) {
    return String.format("0x%08x", value);
  }
}
