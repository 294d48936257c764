package org.scalingpipeline.bench;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Task durations of the jobs run while it listens: their sum and the longest task, and the records
 * the tasks read from their inputs. A longest task close to the step's wall time means one task (one
 * group) serialised the step.
 */
public final class TaskTimes extends SparkListener {

  private final SparkSession spark;
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong totalMillis = new AtomicLong();
  private final AtomicLong longestMillis = new AtomicLong();
  private final AtomicLong recordsRead = new AtomicLong();

  private TaskTimes(SparkSession spark) {
    this.spark = spark;
  }

  /** Starts listening. */
  public static TaskTimes listen(SparkSession spark) {
    TaskTimes times = new TaskTimes(spark);
    spark.sparkContext().addSparkListener(times);
    return times;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    long millis = end.taskInfo().duration();
    tasks.incrementAndGet();
    totalMillis.addAndGet(millis);
    longestMillis.accumulateAndGet(millis, Math::max);
    if (end.taskMetrics() != null) {
      recordsRead.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
    }
  }

  /** What was measured: task count, summed and longest task time in seconds, records read. */
  public record Summary(long tasks, double totalSeconds, double longestSeconds, long recordsRead) {}

  /** Stops listening, once every task-end event of the jobs so far was delivered, and returns the measurements. */
  public Summary stop() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in 60 s; task times would be incomplete", e);
    }
    spark.sparkContext().removeSparkListener(this);
    return new Summary(tasks.get(), totalMillis.get() / 1e3, longestMillis.get() / 1e3, recordsRead.get());
  }
}
