package org.scalingpipeline.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.zeppelin.notebook.ParagraphTextParser;

/**
 * A Zeppelin note ({@code .zpln}, the JSON note format of Zeppelin 0.10–0.12) as the tests read it, with Jackson (Zeppelin 0.10's
 * {@code Note.fromJson} fails on a class missing from its jar): the
 * note's file, name, id, default interpreter group, raw JSON and paragraphs in order.
 */
record ZeppelinNote(Path file, String name, String id, String defaultInterpreterGroup, JsonNode json,
    List<Paragraph> paragraphs) {

  /** The folder of the project's notes. */
  static final Path FOLDER = Path.of(System.getProperty("user.dir")).resolveSibling("notebooks");

  /** One paragraph: its id, title, interpreter ({@code %spark.sql}, {@code %md}, …), body and raw JSON. */
  record Paragraph(String id, String title, String interpreter, String body, JsonNode json) {

    /** Whether the paragraph is SQL run by the Spark interpreter. */
    boolean isSql() {
      return interpreter.equals("%spark.sql") || interpreter.equals("%sql");
    }
  }

  /** Every note of the folder, sorted by file name (the setup note first). */
  static List<ZeppelinNote> all() {
    try (Stream<Path> files = Files.list(FOLDER)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".zpln")).sorted().map(ZeppelinNote::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a note file. */
  static ZeppelinNote read(Path file) {
    try {
      JsonNode json = new ObjectMapper().readTree(file.toFile());
      List<Paragraph> paragraphs = new ArrayList<>();
      for (JsonNode p : json.path("paragraphs")) {
        // Zeppelin's own parse of the paragraph text into interpreter and script
        ParagraphTextParser.ParseResult text = ParagraphTextParser.parse(p.path("text").asText(""));
        paragraphs.add(new Paragraph(p.path("id").asText(null), p.path("title").asText(""), "%" + text.getIntpText(),
            text.getScriptText(), p));
      }
      return new ZeppelinNote(file, json.path("name").asText(null), json.path("id").asText(null),
          json.path("defaultInterpreterGroup").asText(null), json, paragraphs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /** The SQL paragraphs in order. */
  List<Paragraph> sqlParagraphs() {
    return paragraphs.stream().filter(Paragraph::isSql).toList();
  }
}
