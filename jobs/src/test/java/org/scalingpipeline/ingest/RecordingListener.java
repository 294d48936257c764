package org.scalingpipeline.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.scalingpipeline.ingest.TensorBoardEventReader.HParam;

/** Writes down what a {@link TensorBoardEventReader} reports, for tests to compare. */
final class RecordingListener implements TensorBoardEventReader.Listener {

  /** A scalar as reported. */
  record Scalar(String tag, long step, double wallTime, double value) {}

  /** A fault as reported. */
  record Fault(long index, long offset, String reason) {}

  final List<Long> recordOffsets = new ArrayList<>();
  final List<Scalar> scalars = new ArrayList<>();
  final List<Map<String, HParam>> hparams = new ArrayList<>();
  final List<Fault> faults = new ArrayList<>();

  /** Reads a whole stream of {@code sizeBytes} bytes under a record limit. */
  static RecordingListener read(InputStream in, long sizeBytes, int maxRecordBytes) {
    RecordingListener listener = new RecordingListener();
    try {
      new TensorBoardEventReader(in, sizeBytes, maxRecordBytes).read(listener);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return listener;
  }

  /** Reads the bytes of a file held in memory, under the default record limit. */
  static RecordingListener read(byte[] file) {
    return read(new ByteArrayInputStream(file), file.length, ReadLimits.DEFAULT_MAX_LINE_BYTES);
  }

  @Override
  public void record(long index, long offset) {
    recordOffsets.add(offset);
  }

  @Override
  public void scalar(String tag, long step, double wallTime, double value) {
    scalars.add(new Scalar(tag, step, wallTime, value));
  }

  @Override
  public void hparams(Map<String, HParam> values) {
    hparams.add(values);
  }

  @Override
  public void fault(long index, long offset, String reason) {
    faults.add(new Fault(index, offset, reason));
  }
}
