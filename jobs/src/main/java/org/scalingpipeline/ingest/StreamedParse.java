package org.scalingpipeline.ingest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * A file's parse as an iterator of {@link ParseItem}s, for a Spark task to pull: the parser runs in a thread of
 * its own and hands its rows and rejects over in batches through a small bounded queue, so a task holds a few
 * thousand rows of a file at a time whatever the file's size (a parser pushes what it finds; Spark pulls). The file's
 * summary is the last item. A parser error ends the iterator with that error; a task that ends before the
 * parse does (killed, or failed) stops the parser's thread.
 */
final class StreamedParse implements Iterator<ParseItem> {

  /** Batches in flight between the parser and the task. */
  static final int QUEUE = 4;

  /** Rows and rejects per batch. */
  static final int BATCH = 1024;

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Thread parser;
  private Object next;

  /** Starts parsing {@code path}: {@code parse} reads the file with the given sink and returns its summary. */
  StreamedParse(String path, Function<ParseSink, ParsedFile> parse) {
    Batching sink = new Batching(path);
    parser = new Thread(() -> {
      Object last;
      try {
        ParsedFile summary = parse.apply(sink);
        sink.flush();
        last = ParseItem.summary(summary);
      } catch (RuntimeException | Error e) {
        last = e;
      }
      put(last);
      put(END);
    }, "parse " + path);
    parser.setDaemon(true);
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> parser.interrupt());
    }
    parser.start();
  }

  /** Gathers a parser's rows and rejects into batches of {@link #BATCH}, in the order found. */
  private final class Batching implements ParseSink {
    private final String path;
    private final List<AcceptedRow> rows = new ArrayList<>();
    private final List<Reject> rejects = new ArrayList<>();

    Batching(String path) {
      this.path = path;
    }

    @Override
    public void row(AcceptedRow row) {
      rows.add(row);
      flushWhenFull();
    }

    @Override
    public void reject(Reject reject) {
      rejects.add(reject);
      flushWhenFull();
    }

    private void flushWhenFull() {
      if (rows.size() + rejects.size() >= BATCH) {
        flush();
      }
    }

    void flush() {
      if (!rows.isEmpty() || !rejects.isEmpty()) {
        put(ParseItem.batch(path, rows, rejects));
        rows.clear();
        rejects.clear();
      }
    }
  }

  private void put(Object item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    }
  }

  /** The task stopped pulling: the parser's thread ends. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("the task reading this file ended", null, false, false);
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        parser.interrupt();
        throw new IllegalStateException("interrupted while reading " + parser.getName().substring(6), e);
      }
    }
    if (next instanceof RuntimeException e) {
      throw e;
    }
    if (next instanceof Error e) {
      throw e;
    }
    return next != END;
  }

  @Override
  public ParseItem next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ParseItem item = (ParseItem) next;
    next = null;
    return item;
  }
}
