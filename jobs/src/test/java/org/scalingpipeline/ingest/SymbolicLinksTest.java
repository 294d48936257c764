package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbolic links in a log folder (hostile-input review, case 8): a link that leaves the folder is refused with
 * its reason and never read, unless {@code scaling.ingest.follow-links} allows it; a loop or a second path to
 * a file lists that file once.
 */
class SymbolicLinksTest {

  private static final String LOG = "{\"record\":\"run\",\"run_name\":\"%s\",\"source\":\"links\"}\n"
      + "{\"record\":\"point\",\"step\":1,\"metric\":\"val_loss\",\"value\":2.5}\n";

  @TempDir
  Path folder;

  @TempDir
  Path elsewhere;

  private static String uri(Path p) {
    return new org.apache.hadoop.fs.Path("file", null, p.toString()).toString();
  }

  private void layOut() throws IOException {
    Files.writeString(folder.resolve("good.jsonl"), LOG.formatted("good"));
    Files.createSymbolicLink(folder.resolve("again.jsonl"), folder.resolve("good.jsonl"));
    Files.createSymbolicLink(folder.resolve("loop"), Path.of("."));
    Files.writeString(elsewhere.resolve("secret.jsonl"), LOG.formatted("secret"));
    Files.createSymbolicLink(folder.resolve("outside.jsonl"), elsewhere.resolve("secret.jsonl"));
    Files.createSymbolicLink(folder.resolve("outside-folder"), elsewhere);
  }

  @Test
  void linksOutOfTheFolderAreRefusedAndLoopsListAFileOnce() throws IOException {
    layOut();
    LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());
    List<String> listed = logFiles.list(folder.toString());
    assertEquals(List.of(uri(folder.resolve("good.jsonl")), uri(folder.resolve("outside-folder")),
        uri(folder.resolve("outside.jsonl"))), listed,
        "good.jsonl under its own name, not again under again.jsonl or through loop/");
    for (String name : List.of("outside.jsonl", "outside-folder")) {
      ParsedFile refused = logFiles.parse(uri(folder.resolve(name)));
      assertEquals(List.of("not read: " + folder.resolve(name) + " is a symbolic link (or lies under one) to "
          + elsewhere.toRealPath().resolve(name.equals("outside.jsonl") ? "secret.jsonl" : "") .toString()
              .replaceAll("/$", "")
          + ", outside the folder " + folder + " (set scaling.ingest.follow-links=true to follow links out of a"
          + " folder)"), refused.rejects().stream().map(Reject::reason).toList());
      assertEquals("", refused.file().sha256(), "never read");
    }
    assertEquals(List.of("links:good"), logFiles.parse(uri(folder.resolve("again.jsonl"))).runs().stream()
        .map(RunRecord::runId).toList());
  }

  @Test
  void followLinksReadsALinkOutOfTheFolder() throws IOException {
    layOut();
    Configuration conf = new Configuration();
    conf.setBoolean(LogFiles.FOLLOW_LINKS, true);
    LogFiles logFiles = new LogFiles(conf, PerceiverArManifest.bundled());
    logFiles.list(folder.toString());
    assertEquals(List.of("links:secret"), logFiles.parse(uri(folder.resolve("outside.jsonl"))).runs().stream()
        .map(RunRecord::runId).toList());
  }
}
