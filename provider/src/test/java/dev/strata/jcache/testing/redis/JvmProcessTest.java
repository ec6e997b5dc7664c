package dev.strata.jcache.testing.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JvmProcessTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @RegisterExtension
  static final RedisExtension<RedisServer> redis = RedisExtension.server();

  /** Writes to Redis from a second JVM, then either exits with a code or waits to be killed. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      int port = Integer.parseInt(args[0]);
      try (RespConnection connection = RespConnection.open("127.0.0.1", port)) {
        connection.call("SET", "written-by-child", "pid " + ProcessHandle.current().pid());
      }
      // The provider's dependencies are on the child's class path too, not only test classes.
      Class.forName("javax.cache.Caching");
      System.out.println("ready");
      System.out.flush();
      if (args[1].equals("hang")) {
        Thread.sleep(Long.MAX_VALUE);
      }
      System.exit(Integer.parseInt(args[1]));
    }
  }

  @Test
  void aChildJvmRunsTestClassesAndItsExitCodeIsSeen() {
    try (JvmProcess child =
        JvmProcess.start(Child.class, Integer.toString(redis.get().port()), "3")) {
      assertTrue(child.waitFor(TIMEOUT), child.toString());

      assertEquals(3, child.exitCode(), child.output());
      assertTrue(child.output().contains("ready"), child.output());
      assertEquals("pid " + child.pid(), redis.get().call("GET", "written-by-child"));
    }
  }

  @Test
  void kill9IsASigkill() {
    try (JvmProcess child =
        JvmProcess.start(Child.class, Integer.toString(redis.get().port()), "hang")) {
      child.awaitOutput("ready", TIMEOUT);
      assertThrows(IllegalStateException.class, child::exitCode, "still running");

      child.kill9();

      assertFalse(child.isAlive());
      assertEquals(137, child.exitCode(), "128 + SIGKILL");
    }
  }

  @Test
  void aChildThatDiesEarlyIsReportedWithItsOutput() {
    try (JvmProcess child = JvmProcess.start(Child.class, "not-a-port", "0")) {
      IllegalStateException failure =
          assertThrows(IllegalStateException.class, () -> child.awaitOutput("ready", TIMEOUT));

      assertTrue(failure.getMessage().contains("NumberFormatException"), failure.getMessage());
      assertTrue(failure.getMessage().contains("output.log"), failure.getMessage());
    }
  }

  @Test
  void closeKillsTheChildAndDeletesItsDirectory() throws IOException {
    JvmProcess child = JvmProcess.start(Child.class, Integer.toString(redis.get().port()), "hang");
    Path output = child.outputFile();
    assertTrue(Files.exists(output));

    child.close();

    assertFalse(child.isAlive());
    assertFalse(Files.exists(output.getParent()));
  }
}
