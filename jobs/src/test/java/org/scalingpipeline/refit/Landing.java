package org.scalingpipeline.refit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.scalingpipeline.testing.TestData;

/**
 * A landing folder the tests drop logs into the way producers must: written under a temporary
 * name, then renamed into place. Logs are small generated JSONL runs and the seed Perceiver AR
 * exports.
 */
final class Landing {

  /** The {@code runs.source} of the generated runs (the test plan's JSONL entries select it). */
  static final String SOURCE = "refit-test";

  /** The fit plan of the refit tests. */
  static final Path PLAN = TestData.resource("refit/plan.json");

  private final Path folder;

  Landing(Path folder) {
    this.folder = folder;
  }

  Path folder() {
    return folder;
  }

  /** Lands a generated JSONL run: L(step) = e + a step^-0.3 with the run's size and data set. */
  Path jsonlRun(String name, String dataset, double params, double e, double a) {
    return jsonlRun(name + ".jsonl", name, dataset, params, e, a);
  }

  /** Lands a generated JSONL run under a file name of its own (any characters the file system allows). */
  Path jsonlRun(String fileName, String name, String dataset, double params, double e, double a) {
    StringBuilder log = new StringBuilder(String.format(Locale.ROOT, "{\"record\":\"run\",\"run_name\":\"%s\","
        + "\"source\":\"%s\",\"family\":\"dense\",\"dataset\":\"%s\",\"params_dense\":%s,\"tokens_per_step\":4096}%n",
        name, SOURCE, dataset, params));
    for (int step = 100; step <= 1200; step += 100) {
      double value = e + a * Math.pow(step, -0.3) + 0.002 * Math.sin(step + params);
      log.append(String.format(Locale.ROOT, "{\"record\":\"point\",\"step\":%d,\"metric\":\"val_loss\",\"value\":%.6f}%n",
          step, value));
    }
    return land(fileName, log.toString());
  }

  /** Lands a copy of a seed Perceiver AR export, e.g. {@code scaling-1_version_0}. */
  Path perceiverExport(String experimentVersion) {
    String name = "run-logs-0.8.0_" + experimentVersion + "-tag-val_loss.csv";
    try {
      return land(name, Files.readString(TestData.seedDir().resolve("perceiver-ar/validation").resolve(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes a named pipe (FIFO) in the landing folder: opening it for reading blocks until a writer comes. */
  Path fifo(String name) throws IOException, InterruptedException {
    Path fifo = folder.resolve(name);
    Files.createDirectories(fifo.getParent());
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    if (mkfifo.waitFor() != 0) {
      throw new IOException("mkfifo " + fifo + " failed with exit code " + mkfifo.exitValue());
    }
    return fifo;
  }

  /** Makes a Unix domain socket file in the landing folder (it stays after the channel is closed). */
  Path socket(String name) throws IOException {
    Path socket = folder.resolve(name);
    Files.createDirectories(socket.getParent());
    try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.bind(UnixDomainSocketAddress.of(socket));
    }
    return socket;
  }

  /** Lands a gzip file of {@code zeros} zero bytes and no newline: a few hundred KiB that expand a thousandfold. */
  Path gzipBomb(String name, int zeros) throws IOException {
    Path target = folder.resolve(name);
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(temp))) {
      byte[] block = new byte[1 << 20];
      for (int written = 0; written < zeros; written += block.length) {
        out.write(block, 0, Math.min(block.length, zeros - written));
      }
    }
    return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Lands a file with the given content: written as {@code .name.tmp}, then renamed into place. */
  Path land(String name, String content) {
    try {
      Path target = folder.resolve(name);
      Files.createDirectories(target.getParent());
      Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
      Files.writeString(temp, content);
      return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
