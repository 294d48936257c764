package org.scalingpipeline.ingest;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes W&amp;B run files for tests, as the SDK's datastore does: the 7-byte header, then each record cut
 * into FULL or FIRST/MIDDLE/LAST chunks of 32 KiB blocks with their CRC-32, fewer than 7 bytes at a block's end
 * padded with zeros. It also encodes the few {@code wandb_internal.Record} messages the tests need.
 */
final class WandbFileWriter {

  private static final int BLOCK = 32 * 1024;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  /** Byte offset of every chunk written, in order. */
  final List<Integer> chunks = new ArrayList<>();
  /** Byte offset of every record written, in order. */
  final List<Integer> records = new ArrayList<>();

  WandbFileWriter(int version) {
    out.writeBytes(new byte[] {':', 'W', '&', 'B', (byte) 0xE1, (byte) 0xBE, (byte) version});
  }

  /** Appends one record, cut into chunks at block ends. */
  WandbFileWriter record(byte[] payload) {
    records.add(out.size());
    int done = 0;
    boolean first = true;
    do {
      int left = BLOCK - out.size() % BLOCK;
      if (left < 7) {
        out.writeBytes(new byte[left]);
        left = BLOCK;
      }
      int length = Math.min(payload.length - done, left - 7);
      boolean last = done + length == payload.length;
      int type = first && last ? 1 : first ? 2 : last ? 4 : 3;
      chunk(type, payload, done, length);
      done += length;
      first = false;
    } while (done < payload.length);
    return this;
  }

  private void chunk(int type, byte[] data, int from, int length) {
    chunks.add(out.size());
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(data, from, length);
    long c = crc.getValue();
    out.writeBytes(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
        (byte) length, (byte) (length >> 8), (byte) type});
    out.write(data, from, length);
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** {@code Record {run = 17 {run_id = 1}}}. */
  static byte[] run(String runId) throws IOException {
    return message(o -> o.writeBytes(17, message(r -> r.writeString(1, runId)))).toByteArray();
  }

  /** {@code Record {history = 2 {item = 1 {key = 1, value_json = 16}..., step = 2 {num = 1}}}}. */
  static byte[] history(long step, String... keysAndValues) throws IOException {
    return message(o -> o.writeBytes(2, message(h -> {
      for (int i = 0; i < keysAndValues.length; i += 2) {
        String key = keysAndValues[i];
        String value = keysAndValues[i + 1];
        h.writeBytes(1, message(item -> {
          item.writeString(1, key);
          item.writeString(16, value);
        }));
      }
      h.writeBytes(2, message(s -> s.writeInt64(1, step)));
    }))).toByteArray();
  }

  /** Writes the fields of one message. */
  interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  static ByteString message(Fields fields) throws IOException {
    ByteString.Output bytes = ByteString.newOutput();
    CodedOutputStream coded = CodedOutputStream.newInstance(bytes);
    fields.write(coded);
    coded.flush();
    return bytes.toByteString();
  }
}
