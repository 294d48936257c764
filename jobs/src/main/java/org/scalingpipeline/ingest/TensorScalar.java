package org.scalingpipeline.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Map;
import org.scalingpipeline.ingest.TensorBoardEventReader.BadScalar;

/**
 * The one number of a v2 scalar summary: a {@code TensorProto} ({@code tensorflow/core/framework/tensor.proto})
 * with one element, read as TensorFlow's {@code tensor_util.MakeNdarray} reads it: {@code tensor_content} holds
 * the element raw and little-endian, else the dtype's repeated field holds it ({@code float_val}, packed or
 * not, {@code double_val}, {@code int_val}, {@code int64_val}, {@code half_val}); no value at all is zero.
 * {@code tf.summary.scalar} writes {@code DT_FLOAT}; the other numeric dtypes a writer may use are read too,
 * widened exactly to double (an int64 beyond 2^53 is refused, it has no exact double).
 */
final class TensorScalar {

  private static final int DTYPE = TensorBoardEventReader.fieldTag(1, WireFormat.WIRETYPE_VARINT);
  private static final int SHAPE = TensorBoardEventReader.fieldTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int CONTENT = TensorBoardEventReader.fieldTag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int SHAPE_DIM = TensorBoardEventReader.fieldTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  private static final int DIM_SIZE = TensorBoardEventReader.fieldTag(1, WireFormat.WIRETYPE_VARINT);

  /** A numeric dtype: its name, the {@code TensorProto} field holding its values, and its size in bytes. */
  private record DType(String name, int field, int bytes) {}

  /** {@code tensorflow/core/framework/types.proto} numbers of the dtypes read. */
  private static final Map<Integer, DType> DTYPES = Map.of(
      1, new DType("DT_FLOAT", 5, 4),
      2, new DType("DT_DOUBLE", 6, 8),
      3, new DType("DT_INT32", 7, 4),
      9, new DType("DT_INT64", 10, 8),
      14, new DType("DT_BFLOAT16", 13, 2),
      19, new DType("DT_HALF", 13, 2));

  private static final long EXACT_DOUBLE_INTEGER = 1L << 53;

  private TensorScalar() {}

  /** The value of the tensor at {@code data[at, at + length)} of scalar tag {@code tag}; a fault is a {@link BadScalar}. */
  static double decode(String tag, byte[] data, int at, int length) throws IOException {
    CodedInputStream tensor = CodedInputStream.newInstance(data, at, length);
    int dtype = 0;
    long elements = 1;
    String shape = "";
    int contentAt = -1;
    int contentLength = 0;
    int values = 0;
    long bits = 0;
    int valueWire = -1;
    int valueField = -1;
    for (int field = tensor.readTag(); field != 0; field = tensor.readTag()) {
      int number = WireFormat.getTagFieldNumber(field);
      if (field == DTYPE) {
        dtype = tensor.readEnum();
      } else if (field == SHAPE) {
        int limit = tensor.pushLimit(tensor.readRawVarint32());
        for (int inner = tensor.readTag(); inner != 0; inner = tensor.readTag()) {
          if (inner == SHAPE_DIM) {
            long size = dimSize(tensor);
            shape += (shape.isEmpty() ? "" : ", ") + size;
            elements *= size;
          } else {
            TensorBoardEventReader.skip(tensor, inner);
          }
        }
        tensor.popLimit(limit);
      } else if (field == CONTENT) {
        contentLength = tensor.readRawVarint32();
        contentAt = at + tensor.getTotalBytesRead();
        tensor.skipRawBytes(contentLength);
      } else if (number == 5 || number == 6 || number == 7 || number == 10 || number == 13) {
        if (WireFormat.getTagWireType(field) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          int limit = tensor.pushLimit(tensor.readRawVarint32());
          while (tensor.getBytesUntilLimit() > 0) {
            bits = element(tensor, number);
            values++;
          }
          tensor.popLimit(limit);
        } else {
          bits = element(tensor, number, field);
          values++;
        }
        valueField = number;
        valueWire = field;
      } else {
        TensorBoardEventReader.skip(tensor, field);
      }
    }
    DType type = DTYPES.get(dtype);
    if (type == null) {
      throw new BadScalar("scalar tag '" + tag + "' has a tensor of dtype " + dtype + ", expected DT_FLOAT (1),"
          + " DT_DOUBLE (2), DT_INT32 (3), DT_INT64 (9), DT_BFLOAT16 (14) or DT_HALF (19)");
    }
    if (elements != 1) {
      throw new BadScalar("scalar tag '" + tag + "' has a tensor of shape [" + shape + "], expected one element");
    }
    if (contentAt >= 0) {
      if (contentLength != type.bytes()) {
        throw new BadScalar("scalar tag '" + tag + "': tensor_content of " + contentLength + " bytes, expected "
            + type.bytes() + " for one " + type.name());
      }
      return widen(tag, type, littleEndian(data, contentAt, contentLength));
    }
    if (values > 1) {
      throw new BadScalar("scalar tag '" + tag + "': " + values + " values, expected one");
    }
    if (values == 1 && valueField != type.field()) {
      throw new BadScalar("scalar tag '" + tag + "': a value in TensorProto field " + valueField + " (tag "
          + valueWire + "), expected field " + type.field() + " for " + type.name());
    }
    return widen(tag, type, bits);
  }

  private static long dimSize(CodedInputStream tensor) throws IOException {
    long size = 0;
    int limit = tensor.pushLimit(tensor.readRawVarint32());
    for (int field = tensor.readTag(); field != 0; field = tensor.readTag()) {
      if (field == DIM_SIZE) {
        size = tensor.readInt64();
      } else {
        TensorBoardEventReader.skip(tensor, field);
      }
    }
    tensor.popLimit(limit);
    return size;
  }

  /** One element of a packed repeated field, as raw bits (floats) or the integer. */
  private static long element(CodedInputStream tensor, int number) throws IOException {
    return switch (number) {
      case 5 -> tensor.readRawLittleEndian32() & 0xFFFFFFFFL;
      case 6 -> tensor.readRawLittleEndian64();
      default -> tensor.readRawVarint64();
    };
  }

  /** One element of an unpacked repeated field; its wire type must be the field's. */
  private static long element(CodedInputStream tensor, int number, int field) throws IOException {
    int expected = switch (number) {
      case 5 -> WireFormat.WIRETYPE_FIXED32;
      case 6 -> WireFormat.WIRETYPE_FIXED64;
      default -> WireFormat.WIRETYPE_VARINT;
    };
    if (WireFormat.getTagWireType(field) != expected) {
      throw new BadScalar("TensorProto field " + number + " has wire type " + WireFormat.getTagWireType(field)
          + ", expected " + expected);
    }
    return element(tensor, number);
  }

  private static long littleEndian(byte[] data, int at, int length) {
    long bits = 0;
    for (int i = length - 1; i >= 0; i--) {
      bits = bits << 8 | (data[at + i] & 0xFF);
    }
    return bits;
  }

  /** The element's bits (or integer) of a dtype, widened exactly to a double. */
  private static double widen(String tag, DType type, long bits) {
    return switch (type.name()) {
      case "DT_FLOAT" -> Float.intBitsToFloat((int) bits);
      case "DT_DOUBLE" -> Double.longBitsToDouble(bits);
      case "DT_INT32" -> (int) bits;
      case "DT_BFLOAT16" -> Float.intBitsToFloat((int) (bits & 0xFFFF) << 16);
      case "DT_HALF" -> halfToFloat((int) (bits & 0xFFFF));
      default -> {
        if (Math.abs(bits) > EXACT_DOUBLE_INTEGER || bits == Long.MIN_VALUE) {
          throw new BadScalar("scalar tag '" + tag + "': int64 value " + bits + ", expected at most 2^53 in"
              + " magnitude (a double holds it exactly)");
        }
        yield bits;
      }
    };
  }

  /** An IEEE 754 binary16 value as a float (exact: every half is a float). */
  static float halfToFloat(int half) {
    int sign = (half & 0x8000) << 16;
    int exponent = (half >>> 10) & 0x1F;
    int mantissa = half & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | mantissa << 13);
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
  }
}
