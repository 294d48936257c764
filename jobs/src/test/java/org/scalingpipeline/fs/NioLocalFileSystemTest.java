package org.scalingpipeline.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.AbstractFileSystem;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.testing.TestSpark;

/**
 * The local file system without {@code chmod} and {@code readlink} processes gives the files and statuses Hadoop's
 * own {@link RawLocalFileSystem} gives, and is the one a project session uses for {@code file:} URIs.
 */
class NioLocalFileSystemTest {

  @TempDir
  java.nio.file.Path dir;

  @Test
  void permissionsAreThoseHadoopsOwnCodeSets() throws Exception {
    RawLocalFileSystem hadoops = new RawLocalFileSystem();
    NioLocalFileSystem ours = new NioLocalFileSystem();
    for (FileSystem fs : List.of(hadoops, ours)) {
      fs.initialize(java.net.URI.create("file:///"), new Configuration());
    }
    for (short mode : new short[] {0644, 0755, 0600, 0700, 0444, 0777}) {
      java.nio.file.Path a = Files.createFile(dir.resolve("hadoop-" + mode));
      java.nio.file.Path b = Files.createFile(dir.resolve("nio-" + mode));
      hadoops.setPermission(new Path(a.toUri()), new FsPermission(mode));
      ours.setPermission(new Path(b.toUri()), new FsPermission(mode));
      assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(a)),
          PosixFilePermissions.toString(Files.getPosixFilePermissions(b)), Integer.toOctalString(mode));
    }
    Path created = new Path(dir.resolve("made/by/mkdirs").toUri());
    assertTrue(ours.mkdirs(created, new FsPermission((short) 0750)));
    assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("made/by/mkdirs"))));
  }

  @Test
  void linkStatusesAreThoseOfHadoopsOwnCode() throws Exception {
    RawLocalFileSystem hadoops = new RawLocalFileSystem();
    NioLocalFileSystem ours = new NioLocalFileSystem();
    for (FileSystem fs : List.of(hadoops, ours)) {
      fs.initialize(java.net.URI.create("file:///"), new Configuration());
    }
    java.nio.file.Path target = Files.writeString(dir.resolve("target.txt"), "12345");
    java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link.txt"), target);
    for (java.nio.file.Path p : List.of(target, link, Files.createDirectory(dir.resolve("folder")))) {
      // a qualified path (file:/...) and a bare one: Hadoop tells links apart only by the bare one
      for (Path path : List.of(new Path(p.toUri()), new Path(p.toString()))) {
        FileStatus expected = hadoops.getFileLinkStatus(path);
        FileStatus actual = ours.getFileLinkStatus(path);
        assertEquals(List.of(expected.getPath(), expected.isSymlink(), expected.isDirectory(), expected.getLen(),
            expected.getModificationTime()), List.of(actual.getPath(), actual.isSymlink(), actual.isDirectory(),
            actual.getLen(), actual.getModificationTime()), path.toString());
        if (expected.isSymlink()) {
          assertEquals(expected.getSymlink(), actual.getSymlink());
        }
      }
    }
    assertTrue(ours.getFileLinkStatus(new Path(link.toString())).isSymlink(), "a link is still one");
    assertThrows(FileNotFoundException.class, () -> ours.getFileLinkStatus(new Path(dir.resolve("none").toUri())));
  }

  @Test
  void aProjectSessionUsesItForFileUris() throws Exception {
    Configuration conf = TestSpark.session().sparkContext().hadoopConfiguration();
    FileSystem fs = new Path(dir.toUri()).getFileSystem(conf);
    assertInstanceOf(NioLocalFileSystem.Checksummed.class, fs);
    assertInstanceOf(NioLocalFileSystem.class, ((NioLocalFileSystem.Checksummed) fs).getRaw());
    AbstractFileSystem context = FileContext.getFileContext(dir.toUri(), conf).getDefaultFileSystem();
    assertInstanceOf(NioLocalFileSystem.Context.class, context);
    Path from = new Path(Files.writeString(dir.resolve("commit.tmp"), "{}").toUri());
    Path to = new Path(dir.resolve("00000000000000000000.json").toUri());
    FileContext.getFileContext(dir.toUri(), conf).rename(from, to);
    assertEquals("{}", Files.readString(dir.resolve("00000000000000000000.json")), "a rename as Delta commits");
  }
}
