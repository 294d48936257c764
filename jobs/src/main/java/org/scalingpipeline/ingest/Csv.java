package org.scalingpipeline.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Fields of one CSV record as RFC 4180 writes them: comma-separated; a field in double quotes may hold commas,
 * newlines and doubled quotes ({@code ""} for {@code "}); an unquoted field is taken as it stands. A quote
 * inside an unquoted field, text after a closing quote, or a quote left open is a fault naming the field.
 * The same rules hold with another delimiter (a tab for TSV). The records themselves come from
 * {@link TextLines} read as quoted records.
 */
final class Csv {

  private Csv() {}

  /** The record's comma-separated fields, in order. */
  static List<String> fields(String record) {
    return fields(record, ',');
  }

  /** The record's fields between {@code delimiter}s, in order. */
  static List<String> fields(String record, char delimiter) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = record.length();
    while (true) {
      field.setLength(0);
      if (i < n && record.charAt(i) == '"') {
        int start = i++;
        while (true) {
          if (i >= n) {
            throw new Cells.BadCell("field " + (fields.size() + 1), abbreviate(record.substring(start)),
                "a closing double quote");
          }
          char c = record.charAt(i++);
          if (c != '"') {
            field.append(c);
          } else if (i < n && record.charAt(i) == '"') {
            field.append('"');
            i++;
          } else {
            break;
          }
        }
        if (i < n && record.charAt(i) != delimiter) {
          throw new Cells.BadCell("field " + (fields.size() + 1), abbreviate(record.substring(start)),
              (delimiter == ',' ? "a comma" : "the delimiter") + " or the end of the record after the closing double quote");
        }
      } else {
        int comma = record.indexOf(delimiter, i);
        int end = comma < 0 ? n : comma;
        String plain = record.substring(i, end);
        if (plain.indexOf('"') >= 0) {
          throw new Cells.BadCell("field " + (fields.size() + 1), abbreviate(plain),
              "a field without double quotes, or one wholly in double quotes");
        }
        field.append(plain);
        i = end;
      }
      fields.add(field.toString());
      if (i >= n) {
        return fields;
      }
      i++; // the delimiter
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
