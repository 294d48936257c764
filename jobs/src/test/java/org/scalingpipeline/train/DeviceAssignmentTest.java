package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeviceAssignmentTest {

  @BeforeAll
  static void offline() {
    TestRequirements.offlineEngine();
  }

  @Test
  void sparkAddressesMapToTheSameCudaDevice() {
    assertEquals(Device.gpu(0), DeviceAssignment.choose(List.of("0"), 2).device());
    assertEquals(Device.gpu(1), DeviceAssignment.choose(List.of("1"), 2).device());
  }

  @Test
  void withoutCudaTheTaskTrainsOnCpuAndSaysSo() {
    DeviceAssignment first = DeviceAssignment.choose(List.of("0"), 0);
    DeviceAssignment second = DeviceAssignment.choose(List.of("1"), 0);
    assertEquals(Device.cpu(), first.device());
    assertEquals(Device.cpu(), second.device());
    assertEquals("Spark assigned GPU 1 but DJL sees 0 CUDA device(s) (CPU-only libtorch or no"
        + " driver); training on CPU", second.note());
  }

  @Test
  void anAddressAtOrPastTheDeviceCountMeansCpu() {
    assertEquals(Device.gpu(1), DeviceAssignment.choose(List.of("1"), 2).device());
    assertEquals(Device.cpu(), DeviceAssignment.choose(List.of("2"), 2).device(), "CUDA devices 0 and 1 only");
    assertEquals(Device.cpu(), DeviceAssignment.choose(List.of("3"), 2).device());
  }

  @Test
  void theFirstOfSeveralAddressesIsUsedAndTheNoteSaysHowMany() {
    DeviceAssignment assignment = DeviceAssignment.choose(List.of("1", "0"), 2);
    assertEquals(Device.gpu(1), assignment.device());
    assertEquals("Spark assigned GPU 1; training on gpu(1) (2 GPUs assigned, one is used per run)", assignment.note());
    assertEquals("Spark assigned GPU 0; training on gpu(0)", DeviceAssignment.choose(List.of("0"), 1).note());
    assertEquals(Device.gpu(0), DeviceAssignment.choose(List.of(" 0 "), 1).device(), "the address is trimmed");
  }

  @Test
  void theCpuBuildOfLibtorchOnTheTestClasspathSeesNoCudaDevice() {
    // pytorch-native-cpu (jobs/pom.xml): so GpuSchedulingClusterTest's tasks train on the CPU.
    int cuda = DjlEngines.pytorch().getGpuCount();
    assertEquals(0, cuda);
    assertEquals(Device.cpu(), DeviceAssignment.choose(List.of("0"), cuda).device());
  }

  @Test
  void noGpuResourceMeansCpu() {
    DeviceAssignment none = DeviceAssignment.choose(List.of(), 4);
    assertEquals(Device.cpu(), none.device());
    assertTrue(none.note().startsWith("no GPU resource assigned"), none.note());
    assertEquals(Device.cpu(), DeviceAssignment.forCurrentTask(4).device(), "outside a Spark task");
  }

  @Test
  void nonIndexAddressIsRejectedWithTheFix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DeviceAssignment.choose(List.of("MIG-4f1a"), 1));
    assertTrue(e.getMessage().contains("make the GPU discovery script print indices"), e.getMessage());
  }
}
