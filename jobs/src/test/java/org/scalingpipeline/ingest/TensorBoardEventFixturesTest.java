package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scalingpipeline.ingest.EventFileBytes.event;
import static org.scalingpipeline.ingest.EventFileBytes.file;
import static org.scalingpipeline.ingest.EventFileBytes.fileVersion;
import static org.scalingpipeline.ingest.EventFileBytes.header;
import static org.scalingpipeline.ingest.EventFileBytes.histogramValue;
import static org.scalingpipeline.ingest.EventFileBytes.littleEndianDouble;
import static org.scalingpipeline.ingest.EventFileBytes.littleEndianFloat;
import static org.scalingpipeline.ingest.EventFileBytes.message;
import static org.scalingpipeline.ingest.EventFileBytes.record;
import static org.scalingpipeline.ingest.EventFileBytes.scalarTensor;
import static org.scalingpipeline.ingest.EventFileBytes.scalarsMetadata;
import static org.scalingpipeline.ingest.EventFileBytes.simpleValue;
import static org.scalingpipeline.ingest.EventFileBytes.tensorValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.ingest.EventFileBytes.Message;
import org.scalingpipeline.ingest.RecordingListener.Fault;
import org.scalingpipeline.ingest.RecordingListener.Scalar;

/**
 * The reader on event files written here from the format's facts ({@link EventFileBytes}): TF2's v2 scalars in
 * each encoding a {@code TensorProto} allows, with the plugin metadata on a tag's first value only; a file still
 * being written; CRC faults of the data and of the length; a length no file holds; fields the reader does not
 * know; a histogram.
 */
class TensorBoardEventFixturesTest {

  private static final double T0 = 1700000000.25;

  private static Scalar scalar(String tag, long step, double wallTime, double value) {
    return new Scalar(tag, step, wallTime, value);
  }

  @Test
  void v2ScalarsAreReadFromEveryTensorEncodingOnceTheirTagsFirstValueNamedThemScalars() {
    byte[] events = file(fileVersion(T0),
        event(T0 + 1, 1,
            tensorValue("loss", scalarTensor(1).bytes(4, littleEndianFloat(2.5f)), scalarsMetadata()),
            tensorValue("lr", scalarTensor(2).bytes(4, littleEndianDouble(3e-4)), scalarsMetadata()),
            tensorValue("acc", scalarTensor(1).fixed32(5, 0.1f), message().varint(4, 1)),
            tensorValue("text_like", scalarTensor(1).fixed32(5, 7f), null)),
        event(T0 + 2, 2,
            tensorValue("loss", scalarTensor(1).packed(5, littleEndianFloat(0.3f)), null),
            tensorValue("lr", scalarTensor(2).fixed64(6, 1e-4), null),
            tensorValue("acc", scalarTensor(19).varint(13, 0x3C00), null)),
        event(T0 + 3, 3,
            tensorValue("lr", scalarTensor(2).packed(6, littleEndianDouble(5e-5)), null),
            tensorValue("loss", scalarTensor(1), null)));
    RecordingListener read = RecordingListener.read(events);
    assertEquals(List.of(), read.faults);
    assertEquals(List.of(
        scalar("loss", 1, T0 + 1, 2.5), scalar("lr", 1, T0 + 1, 3e-4), scalar("acc", 1, T0 + 1, (double) 0.1f),
        scalar("loss", 2, T0 + 2, (double) 0.3f), scalar("lr", 2, T0 + 2, 1e-4), scalar("acc", 2, T0 + 2, 1.0),
        scalar("lr", 3, T0 + 3, 5e-5), scalar("loss", 3, T0 + 3, 0.0)), read.scalars);
    assertEquals(4, read.recordOffsets.size());
  }

  @Test
  void aScalarTagsTensorOfTwoElementsIsAFaultOfItsRecordOnly() {
    Message twoElements = scalarTensor(1);
    byte[] events = file(
        event(T0, 1, tensorValue("loss", scalarTensor(1).fixed32(5, 1f), scalarsMetadata())),
        event(T0, 2, tensorValue("loss", message().varint(1, 1)
            .message(2, message().message(2, message().varint(1, 2))).packed(5, new byte[8]), null)),
        event(T0, 3, tensorValue("loss", twoElements.fixed32(5, 3f), null)));
    RecordingListener read = RecordingListener.read(events);
    assertEquals(List.of(scalar("loss", 1, T0, 1.0), scalar("loss", 3, T0, 3.0)), read.scalars);
    assertEquals(1, read.faults.size());
    Fault fault = read.faults.get(0);
    assertEquals(2, fault.index());
    assertEquals(record(event(T0, 1, tensorValue("loss", scalarTensor(1).fixed32(5, 1f), scalarsMetadata()))).length,
        fault.offset());
    assertTrue(fault.reason().contains("shape [2], expected one element"), fault.reason());
  }

  private static byte[] threeScalarEvents() {
    return file(event(T0, 1, simpleValue("loss", 3f)), event(T0 + 1, 2, simpleValue("loss", 2f)),
        event(T0 + 2, 3, simpleValue("loss", 1f)));
  }

  private static long offsetOfRecord3() {
    return record(event(T0, 1, simpleValue("loss", 3f))).length + record(event(T0 + 1, 2, simpleValue("loss", 2f))).length;
  }

  @Test
  void aTruncatedLastRecordEndsTheFileCleanlyAndIsReportedAtItsOffset() {
    byte[] whole = threeScalarEvents();
    for (int cut : new int[] {whole.length - 1, (int) offsetOfRecord3() + 14, (int) offsetOfRecord3() + 5}) {
      RecordingListener read = RecordingListener.read(Arrays.copyOf(whole, cut));
      assertEquals(List.of(scalar("loss", 1, T0, 3.0), scalar("loss", 2, T0 + 1, 2.0)), read.scalars);
      assertEquals(1, read.faults.size(), read.faults.toString());
      Fault fault = read.faults.get(0);
      assertEquals(3, fault.index());
      assertEquals(offsetOfRecord3(), fault.offset());
      assertTrue(fault.reason().contains("at byte " + offsetOfRecord3() + " is incomplete"), fault.reason());
    }
  }

  @Test
  void aDataCrcMismatchRejectsThatRecordAndReadingGoesOn() {
    byte[] damaged = threeScalarEvents();
    long record2 = record(event(T0, 1, simpleValue("loss", 3f))).length;
    damaged[(int) record2 + 12 + 3] ^= 0x40;
    RecordingListener read = RecordingListener.read(damaged);
    assertEquals(List.of(scalar("loss", 1, T0, 3.0), scalar("loss", 3, T0 + 2, 1.0)), read.scalars);
    assertEquals(1, read.faults.size());
    assertEquals(record2, read.faults.get(0).offset());
    assertTrue(read.faults.get(0).reason().startsWith("record 2 at byte " + record2 + ": the data's CRC is 0x"),
        read.faults.get(0).reason());
  }

  @Test
  void aLengthCrcMismatchLosesTheFramingSoTheRestIsOneReject() {
    byte[] damaged = threeScalarEvents();
    long record2 = record(event(T0, 1, simpleValue("loss", 3f))).length;
    damaged[(int) record2 + 9] ^= 0x01;
    RecordingListener read = RecordingListener.read(damaged);
    assertEquals(List.of(scalar("loss", 1, T0, 3.0)), read.scalars);
    assertEquals(1, read.faults.size());
    assertEquals(record2, read.faults.get(0).offset());
    assertTrue(read.faults.get(0).reason().contains("the length field's CRC is 0x"), read.faults.get(0).reason());
    assertTrue(read.faults.get(0).reason().contains("the framing is lost"), read.faults.get(0).reason());
  }

  @Test
  void anAbsurdLengthIsNeverAllocated() {
    byte[] first = record(event(T0, 1, simpleValue("loss", 3f)));
    byte[] absurd = header(1L << 62);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(first);
    file.writeBytes(absurd);
    file.writeBytes(new byte[100]);
    RecordingListener read = RecordingListener.read(file.toByteArray());
    assertEquals(List.of(scalar("loss", 1, T0, 3.0)), read.scalars);
    assertEquals(1, read.faults.size());
    assertTrue(read.faults.get(0).reason().contains("its length 4611686018427387904 and CRC need 4611686018427387908"
        + " bytes, the file has 100 left"), read.faults.get(0).reason());
    assertEquals(first.length, read.faults.get(0).offset());
  }

  @Test
  void aRecordLongerThanTheLimitIsRejectedUnheldAndTheNextRecordIsRead() {
    byte[] big = record(event(T0, 1, histogramValue("weights", 200)));
    byte[] small = record(event(T0, 2, simpleValue("loss", 2f)));
    byte[] bytes = new byte[big.length + small.length];
    System.arraycopy(big, 0, bytes, 0, big.length);
    System.arraycopy(small, 0, bytes, big.length, small.length);
    RecordingListener read = RecordingListener.read(new SequenceInputStream(new ByteArrayInputStream(big),
        new ByteArrayInputStream(small)), bytes.length, 1024);
    assertEquals(List.of(scalar("loss", 2, T0, 2.0)), read.scalars);
    assertEquals(1, read.faults.size());
    assertTrue(read.faults.get(0).reason().contains("is " + (big.length - 16) + " bytes long, more than the limit of 1024"),
        read.faults.get(0).reason());
  }

  @Test
  void fieldsTheReaderDoesNotKnowAreSkipped() {
    byte[] oddEvent = message().varint(99, 12345).fixed64(1, T0).bytes(100, new byte[] {1, 2, 3})
        .message(5, message().varint(7, 3).message(1, message().string(7, "node").string(1, "loss")
            .bytes(50, new byte[] {9, 9}).fixed32(2, 0.75f).fixed64(60, 1.0)))
        .varint(2, 42).build();
    RecordingListener read = RecordingListener.read(file(oddEvent));
    assertEquals(List.of(), read.faults);
    assertEquals(List.of(scalar("loss", 42, T0, 0.75)), read.scalars);
  }

  @Test
  void aHistogramIsAWellFormedRecordWithoutScalars() {
    RecordingListener read = RecordingListener.read(file(fileVersion(T0), event(T0, 5, histogramValue("w", 30)),
        event(T0, 5, simpleValue("loss", 1.5f))));
    assertEquals(List.of(), read.faults);
    assertEquals(3, read.recordOffsets.size());
    assertEquals(List.of(scalar("loss", 5, T0, 1.5)), read.scalars);
  }

  @Test
  void anEventThatDoesNotDecodeIsAFaultOfItsRecordOnly() {
    byte[] notProtobuf = {0x0A, 0x7F, 0x01};
    RecordingListener read = RecordingListener.read(file(notProtobuf, event(T0, 1, simpleValue("loss", 3f))));
    assertEquals(List.of(scalar("loss", 1, T0, 3.0)), read.scalars);
    assertEquals(1, read.faults.size());
    assertEquals(0, read.faults.get(0).offset());
    assertTrue(read.faults.get(0).reason().endsWith("expected an Event protobuf (tensorflow/core/util/event.proto)"),
        read.faults.get(0).reason());
  }
}
