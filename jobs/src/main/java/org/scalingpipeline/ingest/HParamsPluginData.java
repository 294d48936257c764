package org.scalingpipeline.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scalingpipeline.ingest.TensorBoardEventReader.HParam;

/**
 * The hyperparameters in the content of TensorBoard's {@code hparams} plugin ({@code
 * tensorboard/plugins/hparams/plugin_data.proto}): {@code HParamsPluginData.session_start_info} (field 3) holds
 * {@code hparams} (field 1), a {@code map<string, google.protobuf.Value>}; a {@code Value} is {@code null_value}
 * (1), {@code number_value} (2), {@code string_value} (3) or {@code bool_value} (4), the kinds the hparams API
 * writes (a struct or list value is left out). Written by {@code hp.hparams}, {@code SummaryWriter.add_hparams}
 * and Lightning's {@code log_hyperparams}.
 */
final class HParamsPluginData {

  private static final int SESSION_START_INFO = TensorBoardEventReader.fieldTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int HPARAMS_ENTRY = TensorBoardEventReader.fieldTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int ENTRY_KEY = TensorBoardEventReader.fieldTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int ENTRY_VALUE = TensorBoardEventReader.fieldTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int NULL_VALUE = TensorBoardEventReader.fieldTag(1, WireFormat.WIRETYPE_VARINT);
  private static final int NUMBER_VALUE = TensorBoardEventReader.fieldTag(2, WireFormat.WIRETYPE_FIXED64);
  private static final int STRING_VALUE = TensorBoardEventReader.fieldTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int BOOL_VALUE = TensorBoardEventReader.fieldTag(4, WireFormat.WIRETYPE_VARINT);

  private HParamsPluginData() {}

  /** The hparams of a session start, as text (numbers as {@link #number} writes them), or null when the content holds none. */
  static Map<String, HParam> sessionStartHparams(byte[] data, int at, int length) throws IOException {
    CodedInputStream content = CodedInputStream.newInstance(data, at, length);
    Map<String, HParam> hparams = null;
    for (int field = content.readTag(); field != 0; field = content.readTag()) {
      if (field != SESSION_START_INFO) {
        TensorBoardEventReader.skip(content, field);
        continue;
      }
      hparams = hparams == null ? new LinkedHashMap<>() : hparams;
      int limit = content.pushLimit(content.readRawVarint32());
      for (int inner = content.readTag(); inner != 0; inner = content.readTag()) {
        if (inner == HPARAMS_ENTRY) {
          int entry = content.pushLimit(content.readRawVarint32());
          entry(content, hparams);
          content.popLimit(entry);
        } else {
          TensorBoardEventReader.skip(content, inner);
        }
      }
      content.popLimit(limit);
    }
    return hparams;
  }

  private static void entry(CodedInputStream entry, Map<String, HParam> hparams) throws IOException {
    String key = "";
    HParam value = null;
    for (int field = entry.readTag(); field != 0; field = entry.readTag()) {
      if (field == ENTRY_KEY) {
        key = entry.readStringRequireUtf8();
      } else if (field == ENTRY_VALUE) {
        int limit = entry.pushLimit(entry.readRawVarint32());
        value = value(entry);
        entry.popLimit(limit);
      } else {
        TensorBoardEventReader.skip(entry, field);
      }
    }
    if (value != null) {
      hparams.put(key, value);
    }
  }

  private static HParam value(CodedInputStream value) throws IOException {
    HParam text = null;
    for (int field = value.readTag(); field != 0; field = value.readTag()) {
      if (field == NULL_VALUE) {
        value.readEnum();
        text = new HParam("null", false);
      } else if (field == NUMBER_VALUE) {
        text = new HParam(number(value.readDouble()), true);
      } else if (field == STRING_VALUE) {
        text = new HParam(value.readStringRequireUtf8(), false);
      } else if (field == BOOL_VALUE) {
        text = new HParam(Boolean.toString(value.readBool()), false);
      } else {
        TensorBoardEventReader.skip(value, field);
        text = null;
      }
    }
    return text;
  }

  /** A number as text: a whole number without a fraction ({@code 32}), else Java's shortest-form double. */
  static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 0x1p53 ? Long.toString((long) value) : Double.toString(value);
  }
}
