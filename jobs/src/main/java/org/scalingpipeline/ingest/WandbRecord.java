package org.scalingpipeline.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a W&amp;B {@code wandb_internal.Record} (the payload of one record of a run file) that the reader
 * uses, decoded by field number after {@code wandb/proto/wandb_internal.proto}: {@code history = 2}
 * ({@code HistoryRecord}: {@code item = 1} repeated {@code HistoryItem {key = 1, nested_key = 2 repeated,
 * value_json = 16}}, {@code step = 2} {@code HistoryStep {num = 1}}), {@code config = 5} ({@code ConfigRecord}:
 * {@code update = 1} repeated {@code ConfigItem}, same fields as a history item) and {@code run = 17}
 * ({@code RunRecord}: {@code run_id = 1}, {@code entity = 2}, {@code project = 3}, {@code config = 4},
 * {@code display_name = 8}, {@code starting_step = 14}). Every other record type and every unknown field is
 * skipped; a payload that is not a protobuf message throws {@link InvalidProtocolBufferException}.
 */
sealed interface WandbRecord {

  /** A logged key (its path joined with {@code /} when the writer gave {@code nested_key}) and its JSON value. */
  record Item(String key, String valueJson) {}

  /** One row of the run's history; {@code step} is null when the record has no {@code step} field. */
  record History(Long step, List<Item> items) implements WandbRecord {}

  /** Config keys set by the run. */
  record Config(List<Item> updates) implements WandbRecord {}

  /** The run's identity; empty strings where the writer left a field out. */
  record Run(String runId, String entity, String project, String displayName, long startingStep, List<Item> config)
      implements WandbRecord {}

  /** Any other record (summary, output, files, stats, telemetry, exit, header, footer, …): nothing to read. */
  record Other() implements WandbRecord {}

  int HISTORY = 2;
  int CONFIG = 5;
  int RUN = 17;

  /** Decodes a record's payload. */
  static WandbRecord parse(byte[] payload) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(payload);
    WandbRecord found = new Other();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == HISTORY && isMessage(tag)) {
        found = history(in.readBytes().newCodedInput());
      } else if (field == CONFIG && isMessage(tag)) {
        found = new Config(items(in.readBytes().newCodedInput(), 1));
      } else if (field == RUN && isMessage(tag)) {
        found = run(in.readBytes().newCodedInput());
      } else {
        in.skipField(tag);
      }
    }
    return found;
  }

  /** The tag of a varint field (wire type 0). */
  private static int varint(int field) {
    return field << 3 | WireFormat.WIRETYPE_VARINT;
  }

  private static boolean isMessage(int tag) {
    return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  private static History history(CodedInputStream in) throws IOException {
    List<Item> items = new ArrayList<>();
    Long step = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == 1 && isMessage(tag)) {
        items.add(item(in.readBytes().newCodedInput()));
      } else if (field == 2 && isMessage(tag)) {
        step = step(in.readBytes().newCodedInput());
      } else {
        in.skipField(tag);
      }
    }
    return new History(step, items);
  }

  private static long step(CodedInputStream in) throws IOException {
    long num = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == varint(1)) {
        num = in.readInt64();
      } else {
        in.skipField(tag);
      }
    }
    return num;
  }

  /** The repeated items of field {@code field} of a message ({@code ConfigRecord.update}, {@code HistoryRecord.item}). */
  private static List<Item> items(CodedInputStream in, int field) throws IOException {
    List<Item> items = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == field && isMessage(tag)) {
        items.add(item(in.readBytes().newCodedInput()));
      } else {
        in.skipField(tag);
      }
    }
    return items;
  }

  /** A {@code HistoryItem}, {@code ConfigItem} or {@code SummaryItem}: key = 1, nested_key = 2, value_json = 16. */
  private static Item item(CodedInputStream in) throws IOException {
    String key = "";
    List<String> nested = new ArrayList<>();
    String value = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == 1 && isMessage(tag)) {
        key = in.readStringRequireUtf8();
      } else if (field == 2 && isMessage(tag)) {
        nested.add(in.readStringRequireUtf8());
      } else if (field == 16 && isMessage(tag)) {
        value = in.readStringRequireUtf8();
      } else {
        in.skipField(tag);
      }
    }
    return new Item(key.isEmpty() ? String.join("/", nested) : key, value);
  }

  private static Run run(CodedInputStream in) throws IOException {
    String runId = "";
    String entity = "";
    String project = "";
    String displayName = "";
    long startingStep = 0;
    List<Item> config = List.of();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      boolean message = isMessage(tag);
      if (field == 1 && message) {
        runId = in.readStringRequireUtf8();
      } else if (field == 2 && message) {
        entity = in.readStringRequireUtf8();
      } else if (field == 3 && message) {
        project = in.readStringRequireUtf8();
      } else if (field == 4 && message) {
        config = items(in.readBytes().newCodedInput(), 1);
      } else if (field == 8 && message) {
        displayName = in.readStringRequireUtf8();
      } else if (tag == varint(14)) {
        startingStep = in.readInt64();
      } else {
        in.skipField(tag);
      }
    }
    return new Run(runId, entity, project, displayName, startingStep, config);
  }
}
