package org.scalingpipeline.ingest;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Writes TensorBoard event files for tests from the format's facts (TensorFlow {@code record_writer.cc},
 * {@code event.proto}, {@code summary.proto}, {@code tensor.proto}), independently of the reader: TFRecord
 * framing with masked CRC-32C, and protobuf messages built field by field.
 */
final class EventFileBytes {

  private EventFileBytes() {}

  /** One protobuf message, field after field in the order written. */
  static final class Message {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    private Message write(IoAction action) {
      try {
        action.run();
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    private interface IoAction {
      void run() throws IOException;
    }

    Message fixed64(int field, double value) {
      return write(() -> out.writeDouble(field, value));
    }

    Message fixed32(int field, float value) {
      return write(() -> out.writeFloat(field, value));
    }

    Message varint(int field, long value) {
      return write(() -> out.writeInt64(field, value));
    }

    Message string(int field, String value) {
      return write(() -> out.writeString(field, value));
    }

    Message bytes(int field, byte[] value) {
      return write(() -> out.writeByteArray(field, value));
    }

    Message message(int field, Message value) {
      return bytes(field, value.build());
    }

    /** A packed repeated field of fixed-size little-endian elements. */
    Message packed(int field, byte[] elements) {
      return bytes(field, elements);
    }

    byte[] build() {
      return bytes.toByteArray();
    }
  }

  static Message message() {
    return new Message();
  }

  /** An {@code Event} at a wall time and step holding a {@code Summary} of values. */
  static byte[] event(double wallTime, long step, Message... values) {
    Message summary = message();
    for (Message value : values) {
      summary.message(1, value);
    }
    return message().fixed64(1, wallTime).varint(2, step).message(5, summary).build();
  }

  /** The first event every TF writer writes: {@code file_version}. */
  static byte[] fileVersion(double wallTime) {
    return message().fixed64(1, wallTime).string(3, "brain.Event:2").build();
  }

  /** A v1 scalar: {@code Summary.Value} with {@code simple_value}. */
  static Message simpleValue(String tag, float value) {
    return message().string(1, tag).fixed32(2, value);
  }

  /** {@code SummaryMetadata} naming the scalars plugin, data class SCALAR, as {@code tf.summary.scalar} writes it. */
  static Message scalarsMetadata() {
    return message().message(1, message().string(1, "scalars")).varint(4, 1);
  }

  /** A v2 value: a tag, a {@code TensorProto} and, on a tag's first value, metadata. */
  static Message tensorValue(String tag, Message tensor, Message metadata) {
    Message value = message().string(1, tag).message(8, tensor);
    return metadata == null ? value : value.message(9, metadata);
  }

  /** A scalar-shaped ({@code tensor_shape {}}) {@code TensorProto} of a dtype; add its value field. */
  static Message scalarTensor(int dtype) {
    return message().varint(1, dtype).message(2, message());
  }

  static byte[] littleEndianFloat(float value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array();
  }

  static byte[] littleEndianDouble(double value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array();
  }

  /** A histogram value ({@code HistogramProto}: min, max, num, sum, sum_squares, bucket_limit, bucket packed). */
  static Message histogramValue(String tag, int buckets) {
    ByteBuffer limits = ByteBuffer.allocate(8 * buckets).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer counts = ByteBuffer.allocate(8 * buckets).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < buckets; i++) {
      limits.putDouble(i + 1.0);
      counts.putDouble(i % 7);
    }
    Message histo = message().fixed64(1, 0).fixed64(2, buckets).fixed64(3, 100).fixed64(4, 12.5).fixed64(5, 99.0)
        .packed(6, limits.array()).packed(7, counts.array());
    return message().string(1, tag).message(5, histo);
  }

  /** The hparams plugin's session start: {@code HParamsPluginData{version 0, session_start_info{hparams}}}. */
  static Message hparamsValue(Object... keysAndValues) {
    Message start = message();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object v = keysAndValues[i + 1];
      Message value = v instanceof Number n ? message().fixed64(2, n.doubleValue())
          : v instanceof Boolean b ? message().varint(4, b ? 1 : 0) : message().string(3, (String) v);
      start.message(1, message().string(1, (String) keysAndValues[i]).message(2, value));
    }
    Message content = message().varint(1, 0).message(3, start);
    Message metadata = message().message(1, message().string(1, "hparams").bytes(2, content.build()));
    return message().string(1, "_hparams_/session_start_info").message(8, message().varint(1, 7))
        .message(9, metadata);
  }

  /** One TFRecord: length, masked CRC of the length, data, masked CRC of the data. */
  static byte[] record(byte[] data) {
    ByteBuffer record = ByteBuffer.allocate(data.length + 16).order(ByteOrder.LITTLE_ENDIAN);
    record.putLong(data.length);
    record.putInt(maskedCrc(record.array(), 0, 8));
    record.put(data);
    record.putInt(maskedCrc(data, 0, data.length));
    return record.array();
  }

  /** A TFRecord header alone: a length and its masked CRC. */
  static byte[] header(long length) {
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(length);
    header.putInt(maskedCrc(header.array(), 0, 8));
    return header.array();
  }

  /** The records of a file, one after the other. */
  static byte[] file(byte[]... events) {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (byte[] event : events) {
      file.writeBytes(record(event));
    }
    return file.toByteArray();
  }

  /** {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8} over CRC-32C. */
  static int maskedCrc(byte[] bytes, int from, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + 0xa282ead8;
  }
}
