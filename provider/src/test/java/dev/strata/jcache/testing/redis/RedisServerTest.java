package dev.strata.jcache.testing.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisServerTest {
  private static RedisServer shared;

  @BeforeAll
  static void startShared() {
    shared = RedisServer.start();
  }

  @AfterAll
  static void stopShared() {
    shared.close();
  }

  @Test
  void answersPingOverRawResp() throws IOException {
    assertEquals("redis://127.0.0.1:" + shared.port(), shared.uri());
    try (RespConnection connection = RespConnection.open("127.0.0.1", shared.port())) {
      assertEquals("PONG", connection.call("PING"));
      assertEquals("OK", connection.call("SET", "greeting", "héllo"));
      assertEquals("héllo", connection.call("GET", "greeting"));
      assertNull(connection.call("GET", "absent"));
      assertEquals(1L, connection.call("DEL", "greeting"));
      RespConnection.ErrorReply error =
          assertThrows(RespConnection.ErrorReply.class, () -> connection.call("NO-SUCH-COMMAND"));
      assertEquals("ERR", error.code());
      assertEquals("PONG", connection.call("PING"), "an error reply leaves the connection usable");
    }
  }

  @Test
  void answersRedisCli() {
    Command.Result result = shared.cli("ping").requireSuccess();
    assertEquals("PONG", result.output().strip());
  }

  @Test
  void persistsNothingAndStaysOnLoopback() {
    @SuppressWarnings("unchecked")
    List<Object> save = (List<Object>) shared.call("CONFIG", "GET", "save");
    assertEquals(List.of("save", ""), save);
    @SuppressWarnings("unchecked")
    List<Object> appendOnly = (List<Object>) shared.call("CONFIG", "GET", "appendonly");
    assertEquals(List.of("appendonly", "no"), appendOnly);
    @SuppressWarnings("unchecked")
    List<Object> bind = (List<Object>) shared.call("CONFIG", "GET", "bind");
    assertEquals(List.of("bind", "127.0.0.1"), bind);
  }

  @Test
  void passesExtraArgumentsToRedis() {
    try (RedisServer server = RedisServer.start("--maxmemory", "12mb")) {
      @SuppressWarnings("unchecked")
      List<Object> maxMemory = (List<Object>) server.call("CONFIG", "GET", "maxmemory");
      assertEquals(List.of("maxmemory", Long.toString(12L * 1024 * 1024)), maxMemory);
    }
  }

  @Test
  void restartsOnTheSamePortWithNoData() {
    try (RedisServer server = RedisServer.start()) {
      int port = server.port();
      long pid = server.pid();
      server.call("SET", "k", "v");

      server.restart();

      assertEquals(port, server.port());
      assertTrue(server.pid() != pid, "a new process");
      assertTrue(server.ping());
      assertNull(server.call("GET", "k"), "nothing survives a restart: nothing is saved");
    }
  }

  @Test
  void killIsASigkillAndTheServerComesBack() throws IOException {
    try (RedisServer server = RedisServer.start()) {
      int port = server.port();
      Path log = server.logFile();

      assertEquals(137, server.kill(), "128 + SIGKILL");

      assertFalse(server.isRunning());
      assertThrows(ConnectException.class, () -> RespConnection.open("127.0.0.1", port));
      assertFalse(Files.readString(log).contains("User requested shutdown"),
          "a killed server gets no chance to shut down");

      server.restart();
      assertEquals(port, server.port());
      assertTrue(server.ping());
    }
  }

  @Test
  void stopShutsDownAndCloseDeletesTheDirectory() throws IOException {
    RedisServer server = RedisServer.start();
    Path directory = server.directory();
    int port = server.port();

    server.stop();
    assertFalse(server.isRunning());
    assertTrue(Files.readString(server.logFile()).contains("User requested shutdown"));
    assertThrows(ConnectException.class, () -> RespConnection.open("127.0.0.1", port));

    server.close();
    server.close();
    assertFalse(Files.exists(directory));
  }

  @Test
  void aRestartOnATakenPortFailsWithTheLogAndCanBeRetried() throws IOException {
    try (RedisServer server = RedisServer.start()) {
      server.kill();
      try (ServerSocket squatter = new ServerSocket()) {
        squatter.bind(new InetSocketAddress("127.0.0.1", server.port()));

        IllegalStateException failure = assertThrows(IllegalStateException.class, server::restart);

        assertTrue(failure.getMessage().contains("Address already in use"), failure.getMessage());
        assertTrue(failure.getMessage().contains(server.logFile().toString()),
            failure.getMessage());
      }
      server.restart();
      assertTrue(server.ping());
    }
  }

  @Test
  void aFailedStartReportsTheLog() {
    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> RedisServer.start("--no-such-option", "yes"));
    String message = failure.getMessage();
    assertTrue(message.contains("redis.log"), message);
    assertTrue(message.contains("no-such-option"), "the log's tail is in the message: " + message);
  }

  @Test
  void eachServerGetsItsOwnPort() {
    try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start()) {
      assertTrue(a.port() != b.port());
      a.call("SET", "where", "a");
      assertNull(b.call("GET", "where"));
    }
  }
}
