package dev.strata.jcache.testing.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The proxy passes, delays, holds, drops and cuts real Redis traffic as it says. */
class FaultyProxyTest {
  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  @Test
  void passesCommandsAndRepliesUnchanged() throws Exception {
    try (FaultyProxy proxy = FaultyProxy.to(REDIS.get());
         RespConnection connection = connect(proxy, 2_000)) {
      assertEquals("OK", connection.call("SET", "proxy:pass", "x".repeat(100_000)));
      assertEquals("x".repeat(100_000), connection.call("GET", "proxy:pass"));
      assertEquals(1, proxy.acceptedConnections());
    }
  }

  @Test
  void delaysRepliesByTheGivenTime() throws Exception {
    try (FaultyProxy proxy = FaultyProxy.to(REDIS.get());
         RespConnection connection = connect(proxy, 2_000)) {
      proxy.delayReplies(300);
      long start = System.nanoTime();
      assertEquals("PONG", connection.call("PING"));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= 300, "answered after " + millis + " ms");
      proxy.delayReplies(0);
      start = System.nanoTime();
      assertEquals("PONG", connection.call("PING"));
      assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(250));
    }
  }

  @Test
  void holdsACommandUntilReleasedThenDeliversIt() throws Exception {
    try (FaultyProxy proxy = FaultyProxy.to(REDIS.get());
         RespConnection connection = connect(proxy, 5_000)) {
      REDIS.get().call("DEL", "proxy:held");
      assertEquals("PONG", connection.call("PING"));
      proxy.hold();
      CompletableFuture<Object> reply =
          CompletableFuture.supplyAsync(() -> connection.call("INCR", "proxy:held"));
      Thread.sleep(300);
      assertEquals(null, REDIS.get().call("GET", "proxy:held"), "a held command reached Redis");
      assertTrue(!reply.isDone(), "a held command was answered");
      proxy.release();
      assertEquals(1L, reply.get(2, TimeUnit.SECONDS));
      assertEquals("1", REDIS.get().call("GET", "proxy:held"));
    }
  }

  @Test
  void dropsTrafficThenResetsTheConnectionButAcceptsNewOnes() throws Exception {
    try (FaultyProxy proxy = FaultyProxy.to(REDIS.get())) {
      REDIS.get().call("DEL", "proxy:dropped");
      try (RespConnection connection = connect(proxy, 2_000)) {
        assertEquals("PONG", connection.call("PING"));
        proxy.drop(400);
        long start = System.nanoTime();
        assertThrows(UncheckedIOException.class, () -> connection.call("INCR", "proxy:dropped"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 300, "failed after " + millis + " ms, before the reset");
      }
      assertEquals(null, REDIS.get().call("GET", "proxy:dropped"), "a dropped command applied");
      try (RespConnection connection = connect(proxy, 2_000)) {
        assertEquals("PONG", connection.call("PING"));
      }
    }
  }

  @Test
  void cutsEveryOpenConnection() throws Exception {
    try (FaultyProxy proxy = FaultyProxy.to(REDIS.get());
         RespConnection first = connect(proxy, 2_000);
         RespConnection second = connect(proxy, 2_000)) {
      assertEquals("PONG", first.call("PING"));
      assertEquals("PONG", second.call("PING"));
      assertEquals(2, proxy.openConnections());
      proxy.cut();
      assertThrows(UncheckedIOException.class, () -> first.call("PING"));
      assertThrows(UncheckedIOException.class, () -> second.call("PING"));
      assertEquals(0, proxy.openConnections());
      try (RespConnection third = connect(proxy, 2_000)) {
        assertEquals("PONG", third.call("PING"));
      }
    }
  }

  private static RespConnection connect(FaultyProxy proxy, long readTimeoutMillis)
      throws Exception {
    return RespConnection.open(RedisServer.HOST, proxy.port(),
        Duration.ofMillis(readTimeoutMillis));
  }
}
