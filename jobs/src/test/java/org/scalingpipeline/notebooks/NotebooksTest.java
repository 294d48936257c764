package org.scalingpipeline.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.scalingpipeline.testing.TestData;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.views.Views;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The Zeppelin notes of {@code notebooks/}: their structure, and every SQL paragraph run the way Zeppelin 0.12.1
 * runs it ({@link ZeppelinRun}: Zeppelin's own parser, forms and splitter) with its form defaults in a SQL-only
 * Spark session (a new session whose functions come only from
 * {@code spark.sql.extensions}, the tables registered by the setup note) over the seed warehouse with fits.
 */
class NotebooksTest {

  /** The database the SQL-only session registers the tables in, so the notes' CREATE TABLE really runs. */
  private static final String DATABASE = "notebooks_test";
  private static final Set<String> INTERPRETERS = Set.of("%spark.sql", "%sql", "%spark", "%md");

  private static final String EXPECTED_FILE = "notebooks/paragraph-results.tsv";
  private static final Map<String, String[]> EXPECTED = expectedResults();
  private static final Pattern CREATE_VIEW = Pattern.compile("^CREATE OR REPLACE TEMPORARY VIEW (\\w+) AS");

  private static SparkSession sqlOnly;

  @Test
  void everyNoteIsAWellFormedZeppelinNoteIndexedInTheReadme() throws IOException {
    List<ZeppelinNote> notes = ZeppelinNote.all();
    assertEquals(7, notes.size(), "a setup note and the six views");
    String readme = Files.readString(ZeppelinNote.FOLDER.resolve("README.md"));
    Set<String> noteIds = new HashSet<>();
    Set<String> paragraphIds = new HashSet<>();
    for (ZeppelinNote note : notes) {
      String where = note.file().getFileName().toString();
      assertNotNull(note.name(), where + ": name");
      assertTrue(note.id() != null && note.id().matches("[A-Z0-9]{9}"), where + ": a 9-character note id");
      assertEquals(note.name() + "_" + note.id() + ".zpln", where, "file name is <name>_<id>.zpln");
      assertEquals("spark", note.defaultInterpreterGroup(), where + ": defaultInterpreterGroup");
      assertTrue(note.json().path("config").isObject() && note.json().path("info").isObject(), where + ": config, info");
      assertTrue(noteIds.add(note.id()), where + ": note id used twice");
      assertTrue(readme.contains(where), "notebooks/README.md indexes " + where);
      assertFalse(note.sqlParagraphs().isEmpty(), where + ": SQL paragraphs");
      for (ZeppelinNote.Paragraph p : note.paragraphs()) {
        String at = where + " paragraph " + p.id();
        assertTrue(p.id() != null && paragraphIds.add(p.id()), at + ": a unique id");
        assertEquals(p.id(), p.json().path("jobName").asText(), at + ": jobName");
        assertTrue(INTERPRETERS.contains(p.interpreter()), at + ": text starts with an interpreter, got " + p.interpreter());
        assertFalse(p.body().isBlank(), at + ": text");
        assertFalse(p.title().isBlank(), at + ": title");
        JsonNode config = p.json().path("config");
        assertTrue(config.path("editorSetting").isObject() && config.path("results").isObject()
            && config.path("enabled").asBoolean(false), at + ": config with editorSetting, results, enabled");
        JsonNode settings = p.json().path("settings");
        Map<String, Object> forms = ZeppelinRun.paragraphFormDefaults(p.body());
        assertEquals(new TreeSet<>(forms.keySet()), names(settings.path("forms")), at + ": settings.forms match the text");
        forms.forEach((name, value) -> assertEquals(String.valueOf(value),
            settings.path("params").path(name).asText(null), at + ": settings.params." + name));
      }
    }
  }

  @TestFactory
  Stream<DynamicNode> everySqlParagraphRunsAndReturnsRows() {
    sqlOnly = TestSpark.session().newSession();
    sqlOnly.sql("DROP DATABASE IF EXISTS " + DATABASE + " CASCADE");
    sqlOnly.sql("CREATE DATABASE " + DATABASE);
    sqlOnly.sql("USE " + DATABASE);
    Map<String, Object> overrides = Map.of("warehouse", TestSpark.seedWarehouse());
    return ZeppelinNote.all().stream().map(note -> DynamicContainer.dynamicContainer(note.name(),
        note.sqlParagraphs().stream().map(p -> DynamicTest.dynamicTest(p.title(), () -> run(note, p, overrides)))));
  }

  @Test
  void theSetupViewsEqualTheViewsTheJobsRegister() {
    String warehouse = TestSpark.seedWarehouse();
    SparkSession jobs = TestSpark.session();
    SparkSession notebook = TestSpark.session().newSession();
    runSetup(notebook, warehouse);
    Warehouse.open(jobs, warehouse);
    for (String view : List.of("fits_latest", "perceiver_ar_setup", "points_bpb")) {
      List<String> expected = rows(jobs, "SELECT * FROM " + view);
      assertFalse(expected.isEmpty(), view);
      assertEquals(expected, rows(notebook, "SELECT * FROM " + view), view + " of the setup note");
    }
  }

  @Test
  void theSetupNoteCreatesItsViewsWithTheQueriesOfTheViewFiles() {
    List<String> created = new ArrayList<>();
    for (ZeppelinNote.Paragraph p : ZeppelinNote.all().get(0).sqlParagraphs()) {
      // SqlSplitter keeps the blank lines and comments before a statement: compare from its first keyword
      for (String statement : ZeppelinRun.statements(p.body(), Map.of()).stream().map(String::strip).toList()) {
        Matcher view = CREATE_VIEW.matcher(statement);
        if (view.find()) {
          created.add(view.group(1));
          assertEquals(ZeppelinRun.statements("CREATE OR REPLACE TEMPORARY VIEW " + view.group(1) + " AS\n"
              + Views.sql(view.group(1)), Map.of()).stream().map(String::strip).toList(), List.of(statement), view.group(1) + ": the setup note runs the view file's query");
        }
      }
    }
    assertEquals(List.of("fits_latest", "perceiver_ar_setup", "points_bpb", "law_leaderboard",
        "law_wins"), created);
  }

  /**
   * Notebook 3's bits-per-byte paragraph, run as Zeppelin runs it after the setup note: experiments 2a and 2b read UTF-8
   * bytes (data/perceiver-ar/manifest.csv, vocabulary 262 = 256 bytes + 6 special tokens), one byte per token, so each
   * run's final bits per byte is its final nats ÷ ln 2; experiment 1's SentencePiece runs have none, since nothing
   * states their bytes per token.
   */
  @Test
  void notebookThreeGivesTheByteExperimentsFinalLossInBitsPerByteAndExperimentOneNone() {
    SparkSession notebook = TestSpark.session().newSession();
    runSetup(notebook, TestSpark.seedWarehouse());
    ZeppelinNote.Paragraph p = ZeppelinNote.all().stream().filter(n -> n.name().equals("3-perceiver-ar")).findFirst()
        .orElseThrow().sqlParagraphs().stream().filter(q -> q.title().startsWith("Final validation loss in bits per byte"))
        .findFirst().orElseThrow();
    assertTrue(p.body().contains("bits/byte = nats/token / (ln 2 * bytes per token)"), "the paragraph states the conversion");
    List<Row> rows = notebook.sql(ZeppelinRun.statements(p.body(), Map.of()).get(0)).collectAsList();
    assertEquals(10, rows.size(), "the final point of each of the 10 runs");
    for (Row row : rows) {
      String run = row.getAs("experiment") + "/" + row.getAs("version");
      if (row.<String>getAs("experiment").startsWith("scaling-2")) {
        assertEquals("byte-level", row.getAs("bpb_provenance"), run);
        assertEquals(1.0, (double) row.getAs("bytes_per_token"), run);
        assertEquals((double) row.getAs("val_loss") / Math.log(2), (double) row.getAs("bits_per_byte"), 1e-9, run);
      } else {
        assertEquals("scaling-1", row.getAs("experiment"));
        assertNull(row.getAs("bits_per_byte"), run);
        assertNull(row.getAs("bpb_provenance"), run);
      }
    }
  }

  @AfterAll
  static void dropDatabase() {
    TestSpark.session().sql("DROP DATABASE IF EXISTS " + DATABASE + " CASCADE");
  }

  /** Runs the setup note's SQL in a session, registering the tables in the test database. */
  private static void runSetup(SparkSession session, String warehouse) {
    ZeppelinNote setup = ZeppelinNote.all().get(0);
    session.sql("CREATE DATABASE IF NOT EXISTS " + DATABASE);
    session.sql("USE " + DATABASE);
    for (ZeppelinNote.Paragraph p : setup.sqlParagraphs()) {
      ZeppelinRun.statements(p.body(), Map.of("warehouse", warehouse)).forEach(session::sql);
    }
  }

  private static void run(ZeppelinNote note, ZeppelinNote.Paragraph p, Map<String, Object> overrides) {
    List<String> statements = ZeppelinRun.statements(p.body(), overrides);
    assertFalse(statements.isEmpty(), "no SQL");
    List<Row> result = List.of();
    String[] columns = {};
    for (String statement : statements) {
      try {
        Dataset<Row> rows = sqlOnly.sql(statement);
        columns = rows.columns();
        result = rows.collectAsList();
      } catch (RuntimeException e) {
        fail(note.file().getFileName() + " / " + p.title() + " failed: " + e.getMessage() + "\n" + statement, e);
      }
    }
    String where = note.name() + " / " + p.title();
    assertFalse(result.isEmpty(), where + " returned no rows");
    String[] expected = EXPECTED.get(where);
    assertNotNull(expected, where + " is not in " + EXPECTED_FILE);
    assertEquals(expected[0], String.join(",", columns), where + ": columns");
    Row first = result.get(0);
    for (String check : expected[1].isBlank() ? new String[0] : expected[1].split(" ")) {
      String column = check.substring(0, check.indexOf('='));
      String value = check.substring(check.indexOf('=') + 1);
      Object actual = first.getAs(column);
      if (actual instanceof Number number) {
        assertEquals(Double.parseDouble(value), number.doubleValue(), Math.abs(Double.parseDouble(value)) * 0.02,
            where + ": " + column + " of " + first);
      } else {
        assertEquals(value, String.valueOf(actual), where + ": " + column + " of " + first);
      }
    }
  }

  /** {@value #EXPECTED_FILE}: for each paragraph, its columns and the checks of its first row. */
  private static Map<String, String[]> expectedResults() {
    Map<String, String[]> expected = new HashMap<>();
    try (Stream<String> lines = Files.lines(TestData.resource(EXPECTED_FILE))) {
      lines.filter(l -> !l.startsWith("#")).forEach(l -> {
        String[] cells = l.split("\t", -1);
        expected.put(cells[0], new String[] {cells[1], cells[2]});
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return expected;
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> rows(SparkSession session, String query) {
    return session.sql(query).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
