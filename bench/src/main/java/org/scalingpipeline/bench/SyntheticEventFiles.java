package org.scalingpipeline.bench;

import com.google.protobuf.CodedOutputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes TensorBoard event files the way a training job's {@code SummaryWriter} does, for benchmarks: TFRecords
 * (length, masked CRC-32C of the length, an {@code Event}, masked CRC-32C of the data) holding, per step, a few
 * scalars and many histograms ({@code HistogramProto} with 30 buckets, the bulk of a real logdir's bytes). Field
 * numbers as in TensorFlow's {@code event.proto}, {@code summary.proto}.
 */
final class SyntheticEventFiles {

  private static final int MASK_DELTA = 0xa282ead8;

  private SyntheticEventFiles() {}

  /** What one run folder holds. */
  record Written(long bytes, long scalars, long records) {}

  /**
   * Writes one event file of about {@code targetBytes} into {@code folder}: per step {@code scalarsPerStep} scalars
   * and {@code histogramsPerStep} histograms.
   */
  static Written write(Path folder, long targetBytes, int scalarsPerStep, int histogramsPerStep) throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve("events.out.tfevents.1700000000.bench.1.0");
    long bytes = 0;
    long scalars = 0;
    long records = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      bytes += record(out, event(1.7e9, 0, null, 0, 0));
      records++;
      for (long step = 1; bytes < targetBytes; step++) {
        double wall = 1.7e9 + step * 0.5;
        for (int s = 0; s < scalarsPerStep; s++) {
          bytes += record(out, event(wall, step, "train/metric_" + s, (float) (2 + 1.0 / step + s), -1));
          scalars++;
          records++;
        }
        for (int h = 0; h < histogramsPerStep; h++) {
          bytes += record(out, event(wall, step, "weights/layer_" + h, 0, h));
          records++;
        }
      }
    }
    return new Written(bytes, scalars, records);
  }

  /** An Event: a file_version when {@code tag} is null, else one Summary.Value (a scalar, or histogram if h >= 0). */
  private static byte[] event(double wallTime, long step, String tag, float simple, int histogram) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    CodedOutputStream event = CodedOutputStream.newInstance(buffer);
    event.writeDouble(1, wallTime);
    event.writeInt64(2, step);
    if (tag == null) {
      event.writeString(3, "brain.Event:2");
    } else {
      byte[] value = value(tag, simple, histogram);
      ByteArrayOutputStream summaryBytes = new ByteArrayOutputStream(value.length + 8);
      CodedOutputStream summary = CodedOutputStream.newInstance(summaryBytes);
      summary.writeByteArray(1, value);
      summary.flush();
      event.writeByteArray(5, summaryBytes.toByteArray());
    }
    event.flush();
    return buffer.toByteArray();
  }

  private static byte[] value(String tag, float simple, int histogram) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    CodedOutputStream value = CodedOutputStream.newInstance(buffer);
    value.writeString(1, tag);
    if (histogram < 0) {
      value.writeFloat(2, simple);
    } else {
      ByteArrayOutputStream histo = new ByteArrayOutputStream(512);
      CodedOutputStream h = CodedOutputStream.newInstance(histo);
      h.writeDouble(1, -1.0);
      h.writeDouble(2, 1.0);
      h.writeDouble(3, 4096);
      h.writeDouble(4, 0.5 * histogram);
      h.writeDouble(5, 1365.3);
      for (int field = 6; field <= 7; field++) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream(256);
        CodedOutputStream p = CodedOutputStream.newInstance(packed);
        for (int b = 0; b < 30; b++) {
          p.writeDoubleNoTag(field == 6 ? -1 + b / 15.0 : 100 + b * histogram);
        }
        p.flush();
        h.writeByteArray(field, packed.toByteArray());
      }
      h.flush();
      value.writeByteArray(5, histo.toByteArray());
    }
    value.flush();
    return buffer.toByteArray();
  }

  /** Writes one TFRecord; returns its length on disk. */
  private static int record(OutputStream out, byte[] data) throws IOException {
    byte[] length = new byte[8];
    long n = data.length;
    for (int i = 0; i < 8; i++) {
      length[i] = (byte) (n >>> (8 * i));
    }
    out.write(length);
    writeInt(out, masked(length));
    out.write(data);
    writeInt(out, masked(data));
    return 16 + data.length;
  }

  private static int masked(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + MASK_DELTA;
  }

  private static void writeInt(OutputStream out, int value) throws IOException {
    for (int i = 0; i < 4; i++) {
      out.write(value >>> (8 * i));
    }
  }
}
