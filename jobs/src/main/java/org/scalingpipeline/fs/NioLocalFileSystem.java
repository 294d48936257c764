package org.scalingpipeline.fs;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system without a process per file. Without Hadoop's native library (which no Maven artifact
 * carries), {@link RawLocalFileSystem} runs {@code chmod} for every file and folder it creates and {@code readlink}
 * for every rename through a {@code FileContext} (each Delta commit): measured here, about 2,000 processes in 100 s
 * of small ingests, 5–7 ms each. This subclass sets permissions and tells symbolic links apart with {@code java.nio}
 * instead, with the same results; what NIO cannot do (a sticky bit, a file system without POSIX permissions, a
 * symbolic link's own status) is left to Hadoop's code.
 *
 * <p>{@link #SPARK_SETTINGS} name the two entry points Hadoop instantiates for the {@code file:} scheme:
 * {@link Checksummed} (the {@code FileSystem}, with checksum files as {@link LocalFileSystem}) and {@link Context}
 * (the {@code AbstractFileSystem} behind {@code FileContext}, which Delta's log store commits through).
 */
public class NioLocalFileSystem extends RawLocalFileSystem {

  /** The Spark settings that give a session's Hadoop configuration these classes for {@code file:} URIs. */
  public static final Map<String, String> SPARK_SETTINGS = Map.of(
      "spark.hadoop.fs.file.impl", Checksummed.class.getName(),
      "spark.hadoop.fs.AbstractFileSystem.file.impl", Context.class.getName());

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    if (permission.getStickyBit()) {
      super.setPermission(p, permission);
      return;
    }
    try {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(permission.toString()));
    } catch (UnsupportedOperationException notPosix) {
      super.setPermission(p, permission);
    }
  }

  /** A path that is not a symbolic link is its own status; a link's status is Hadoop's (it reads the target). */
  @Override
  public FileStatus getFileLinkStatus(Path f) throws IOException {
    return Files.isSymbolicLink(pathToFile(f).toPath()) ? super.getFileLinkStatus(f) : getFileStatus(f);
  }

  /** The {@code FileSystem} for {@code fs.file.impl}: checksum files over {@link NioLocalFileSystem}. */
  public static final class Checksummed extends LocalFileSystem {

    /** The instance Hadoop creates. */
    public Checksummed() {
      super(new NioLocalFileSystem());
    }
  }

  /** The {@code AbstractFileSystem} for {@code fs.AbstractFileSystem.file.impl}, as Hadoop's {@code LocalFs}. */
  public static final class Context extends ChecksumFs {

    /** The instance Hadoop creates for a URI. */
    public Context(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new Raw(uri, conf));
    }
  }

  /** {@link NioLocalFileSystem} as an {@code AbstractFileSystem}, as Hadoop's {@code RawLocalFs}. */
  static final class Raw extends DelegateToFileSystem {

    Raw(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new NioLocalFileSystem(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    @SuppressWarnings("deprecation")
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }
}
