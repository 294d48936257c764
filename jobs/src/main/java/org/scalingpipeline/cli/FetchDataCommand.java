package org.scalingpipeline.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.scalingpipeline.ingest.SeedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scaling fetch-data}: downloads the seed data sets listed in {@code data/sources.csv} into
 * the data directory and checks each against its SHA-256; with {@code --verify} it only checks.
 */
@Command(name = "fetch-data", mixinStandardHelpOptions = true,
    description = "Download the seed data sets into the data directory and verify their SHA-256.")
final class FetchDataCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Option(names = "--verify", description = "Only check the files already in the data directory.")
  boolean verifyOnly;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path dir = common.dataDir();
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(20)).build();
    SummaryTable table = new SummaryTable("file", "status");
    int failures = 0;
    for (SeedData.Source source : SeedData.sources()) {
      Path file = dir.resolve(source.path());
      String status;
      if (Files.isRegularFile(file) && source.sha256().equals(sha256(file))) {
        status = "present, sha256 ok";
      } else if (verifyOnly) {
        status = Files.isRegularFile(file) ? "SHA-256 MISMATCH" : "MISSING";
        failures++;
      } else {
        status = download(http, source, file);
        if (!status.startsWith("downloaded")) {
          failures++;
        }
      }
      table.row(source.path(), status);
    }
    table.print();
    if (failures > 0) {
      System.err.println("scaling fetch-data: " + failures + " file(s) missing or wrong in " + dir.toAbsolutePath());
    }
    return failures == 0 ? 0 : 1;
  }

  private static String download(HttpClient http, SeedData.Source source, Path file)
      throws IOException, InterruptedException {
    Files.createDirectories(file.getParent());
    Path partial = file.resolveSibling("." + file.getFileName() + ".part");
    try {
      HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(source.url()))
          .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofFile(partial));
      if (response.statusCode() != 200) {
        return "download failed: HTTP " + response.statusCode() + " from " + source.url();
      }
    } catch (IOException e) {
      return "download failed: " + e.getMessage() + " (" + source.url() + ")";
    }
    String hash = sha256(partial);
    if (!hash.equals(source.sha256())) {
      Files.deleteIfExists(partial);
      return "download has sha256 " + hash + ", expected " + source.sha256();
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return "downloaded, sha256 ok";
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
