package org.scalingpipeline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.ingest.SeedData;
import org.scalingpipeline.jobs.ReportJob;
import org.scalingpipeline.testing.TestSpark;
import org.w3c.dom.Document;

/**
 * The report of the seed warehouse with its fits: every chart decodes and shows something, the page links
 * only to files that exist, and headless Chromium renders it without console errors.
 */
class ReportJobTest {

  private static final Pattern LINK = Pattern.compile("(?:src|href)=\"([^\"#][^\"]*)\"");

  @TempDir
  static Path out;

  private static ReportJob.Result report;

  @BeforeAll
  static void writeReport() {
    report = ReportJob.run(TestSpark.session(), new ReportJob.Options(TestSpark.seedWarehouse(), out));
  }

  @Test
  void everyViewIsASectionWithCharts() {
    assertEquals(14, report.sections().size(), report.sections().toString());
    assertTrue(report.charts().size() >= 12, "charts: " + report.charts().size());
  }

  /**
   * The seed's leaderboard study: the routed runs' loss curves, each fitted on the first half of its steps; the report
   * draws the first groups with every converged curve form past the cut.
   */
  @Test
  void theLeaderboardDrawsTheRoutedCurvesPastTheCut() {
    ReportChart board = report.charts().stream().filter(c -> c.name().equals("leaderboard-routed-loss-curves"))
        .findFirst().orElseThrow(() -> new AssertionError("no leaderboard chart: " + report.charts()));
    assertTrue(board.contents().containsAll(List.of("fitted", "held out")), board.contents().toString());
    assertTrue(board.contents().stream().anyMatch(s -> s.startsWith("power-law (rank ")), board.contents().toString());
    assertTrue(board.contents().stream().anyMatch(s -> s.startsWith("loss-curve (rank ")), board.contents().toString());
  }

  @Test
  void thePerceiverArSectionDrawsTheByteExperimentsOnOneBitsPerByteAxisAndSaysWhyExperimentOneIsMissing()
      throws IOException {
    assertTrue(report.sections().contains("3. Perceiver AR"), report.sections().toString());
    String html = Files.readString(report.index());
    String section = html.substring(html.indexOf("<section id=\"perceiver-ar\">"));
    section = section.substring(0, section.indexOf("</section>"));
    assertTrue(section.contains("charts/perceiver-ar-bits-per-byte.png"), "the chart is a panel of section 3");
    ReportChart chart = report.charts().stream().filter(c -> c.name().equals("perceiver-ar-bits-per-byte"))
        .findFirst().orElseThrow();
    // data/perceiver-ar/manifest.csv: 2a has versions 0-4, 2b versions 0-1, all UTF-8 bytes; 1 is SentencePiece 32k
    assertEquals(List.of("Perceiver AR experiments on one axis: validation loss in bits/byte",
        "scaling-2a/version_0", "scaling-2a/version_1", "scaling-2a/version_2", "scaling-2a/version_3",
        "scaling-2a/version_4", "scaling-2b/version_0", "scaling-2b/version_1"), chart.contents());
    assertTrue(chart.caption().contains("bits/byte = nats/token ÷ (ln 2 × bytes per token)"), chart.caption());
    assertTrue(chart.caption().contains("Not drawn: scaling-1 (tokenizer sentencepiece:xlnet-base-cased)"),
        chart.caption());
  }

  @Test
  void theSeedWarehouseHasNoAveragedCheckpointsAndTheSectionSaysHowToMakeThem() throws IOException {
    assertTrue(report.sections().contains("Checkpoint averaging"), report.sections().toString());
    assertTrue(Files.readString(report.index()).contains("No run in this warehouse averaged its checkpoints: add"
        + " &quot;checkpoint_average&quot; to the training section of a sweep"), "the section says how to get one");
  }

  @Test
  void everyPngIsADecodedNonBlankImage() throws IOException {
    for (ReportChart chart : report.charts()) {
      BufferedImage image = ImageIO.read(chart.png().toFile());
      assertTrue(image != null && image.getWidth() >= 600 && image.getHeight() >= 400, chart.name() + ": size");
      Set<Integer> colours = new HashSet<>();
      for (int y = 0; y < image.getHeight(); y += 2) {
        for (int x = 0; x < image.getWidth(); x += 2) {
          colours.add(image.getRGB(x, y));
        }
      }
      assertTrue(colours.size() >= 8, chart.name() + ": only " + colours.size() + " colours, a blank chart");
    }
  }

  @Test
  void everySvgIsXmlWithPaths() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    for (ReportChart chart : report.charts()) {
      Document svg = factory.newDocumentBuilder().parse(chart.svg().toFile());
      assertEquals("svg", svg.getDocumentElement().getTagName(), chart.name());
      assertTrue(svg.getElementsByTagName("path").getLength() > 10, chart.name() + ": path elements");
    }
  }

  @Test
  void thePageLinksOnlyToFilesThatExist() throws IOException {
    String html = Files.readString(report.index());
    Matcher m = LINK.matcher(html);
    Set<String> links = new HashSet<>();
    while (m.find()) {
      if (!m.group(1).startsWith("data:")) {
        links.add(m.group(1));
      }
    }
    for (ReportChart chart : report.charts()) {
      assertTrue(links.contains("charts/" + chart.png().getFileName()), chart.name() + " is shown");
    }
    for (String link : links) {
      assertFalse(link.contains("://"), "nothing fetched from elsewhere: " + link);
      assertTrue(Files.isRegularFile(report.index().resolveSibling(link)), "missing " + link);
    }
    assertTrue(html.contains("routed-unified-law") && html.contains("chinchilla-allocation-n-free"), "the fits table");
  }

  @Test
  void chromiumRendersThePageWithoutConsoleErrors(@TempDir Path profile) throws Exception {
    ensureChromium();
    assertTrue(onPath("chromium"), "chromium is not installed: run bin/ensure-test-tool chromium as root, or install"
        + " Debian's chromium (apt-get install chromium)");
    Path screenshot = profile.resolve("report.png");
    Path log = profile.resolve("chromium.log");
    Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile.resolve("user-data"),
        "--screenshot=" + screenshot, "--window-size=1280,2000", report.index().toUri().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(chromium.waitFor(90, TimeUnit.SECONDS), "chromium did not finish in 90 s");
    String output = Files.readString(log);
    assertEquals(0, chromium.exitValue(), output);
    List<String> consoleErrors = output.lines()
        .filter(l -> l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Failed to load resource"))
        .toList();
    assertTrue(consoleErrors.isEmpty(), "console errors: " + consoleErrors);
    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertTrue(image != null && image.getWidth() == 1280, "a screenshot of the page");
  }

  /**
   * Runs {@code bin/ensure-test-tool chromium}, which installs Debian's chromium when this is root with apt-get (once,
   * a few minutes) and otherwise says how to get it: the test needs it and fails, never skips, without it.
   */
  private static void ensureChromium() throws IOException, InterruptedException {
    if (!onPath("chromium")) {
      Path script = Path.of(System.getProperty(SeedData.ROOT, "..")).resolve("bin").resolve("ensure-test-tool");
      Process install = new ProcessBuilder(script.toString(), "chromium").inheritIO().start();
      assertTrue(install.waitFor(20, TimeUnit.MINUTES), script + " did not finish in 20 minutes");
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && List.of(path.split(File.pathSeparator)).stream()
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
