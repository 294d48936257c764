package org.scalingpipeline.train;

import ai.djl.Device;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The DJL device a Spark task trains on, with a sentence saying why. Spark does not set
 * {@code CUDA_VISIBLE_DEVICES}: a task finds the GPU addresses the scheduler gave it in
 * {@code TaskContext.get().resourcesJMap().get("gpu")} (from {@code spark.task.resource.gpu.amount}
 * and the executor's discovery script) and must pick that CUDA device itself. Without a GPU resource,
 * or when the loaded libtorch has no CUDA, the task trains on the CPU.
 *
 * @param device where to train
 * @param note why, for the task's log line
 */
public record DeviceAssignment(Device device, String note) {

  /** Spark's resource name for GPUs. */
  public static final String GPU = "gpu";

  /** The device of the Spark task running this code; CPU when called outside a task. */
  public static DeviceAssignment forCurrentTask(int cudaDeviceCount) {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return new DeviceAssignment(Device.cpu(), "not in a Spark task; training on CPU");
    }
    Map<String, ResourceInformation> resources = task.resourcesJMap();
    ResourceInformation gpus = resources.get(GPU);
    return choose(gpus == null ? List.of() : List.of(gpus.addresses()), cudaDeviceCount);
  }

  /**
   * Maps the task's GPU addresses to a device: the first address {@code "i"} is CUDA device
   * {@code i} when the engine sees more than {@code i} CUDA devices.
   */
  public static DeviceAssignment choose(List<String> gpuAddresses, int cudaDeviceCount) {
    if (gpuAddresses.isEmpty()) {
      return new DeviceAssignment(Device.cpu(),
          "no GPU resource assigned to this task (spark.task.resource.gpu.amount unset); training on CPU");
    }
    String address = gpuAddresses.get(0);
    int index;
    try {
      index = Integer.parseInt(address.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("GPU address '" + address + "' from Spark is not a CUDA"
          + " device index; make the GPU discovery script print indices such as [\"0\",\"1\"]", e);
    }
    if (index >= cudaDeviceCount) {
      return new DeviceAssignment(Device.cpu(), "Spark assigned GPU " + address + " but DJL sees "
          + cudaDeviceCount + " CUDA device(s) (CPU-only libtorch or no driver); training on CPU");
    }
    String extra = gpuAddresses.size() > 1
        ? " (" + gpuAddresses.size() + " GPUs assigned, one is used per run)" : "";
    return new DeviceAssignment(Device.gpu(index), "Spark assigned GPU " + address
        + "; training on " + Device.gpu(index) + extra);
  }
}
