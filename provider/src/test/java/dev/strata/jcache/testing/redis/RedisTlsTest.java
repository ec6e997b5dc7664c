package dev.strata.jcache.testing.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisTlsTest {
  @RegisterExtension
  static final RedisExtension<RedisServer> redis = RedisExtension.tls();

  @Test
  void redisCliWithTheCaAndTheUserGetsPong() {
    RedisServer server = redis.get();
    assertTrue(server.uri().startsWith("rediss://127.0.0.1:"), server.uri());
    assertEquals("strata", server.username());
    assertEquals("s3cret-pw", server.password());

    Command.Result result = server.cli("ping").requireSuccess();

    assertEquals("PONG", result.output().strip());
  }

  @Test
  void aWrongPasswordIsRefused() {
    RedisServer server = redis.get();
    List<String> command = new ArrayList<>(server.cliConnectionArguments());
    command.addAll(List.of("--user", "strata", "--pass", "wrong-pw", "--no-auth-warning", "ping"));

    String output = run(server, command).output();

    assertTrue(output.contains("WRONGPASS"), output);
    assertFalse(output.contains("PONG"), output);
  }

  @Test
  void theDefaultUserCannotLogIn() {
    RedisServer server = redis.get();
    List<String> command = new ArrayList<>(server.cliConnectionArguments());
    command.add("ping");

    String output = run(server, command).output();

    assertTrue(output.contains("NOAUTH"), output);
    assertFalse(output.contains("PONG"), output);
  }

  @Test
  void theTrustStoreLetsJavaClientsConnectAndCheckTheHostName() throws Exception {
    RedisServer server = redis.get();
    TlsMaterial tls = server.tlsMaterial();
    // What a Java client is configured with: a trust store file, its type and password.
    KeyStore trustStore = KeyStore.getInstance(tls.trustStoreType());
    try (InputStream in = Files.newInputStream(tls.trustStore())) {
      trustStore.load(in, tls.trustStorePassword().toCharArray());
    }
    assertEquals(1, trustStore.size());

    for (String host : List.of("127.0.0.1", "localhost")) {
      try (RespConnection connection = RespConnection.openTls(tls.sslContext(), host,
          server.port())) {
        RespConnection.ErrorReply refused =
            assertThrows(RespConnection.ErrorReply.class, () -> connection.call("PING"));
        assertEquals("NOAUTH", refused.code());
        assertEquals("OK", connection.call("AUTH", "strata", "s3cret-pw"));
        assertEquals("PONG", connection.call("PING"), "via " + host);
      }
    }
  }

  @Test
  void clientsThatDoNotTrustTheCaAreRefused() throws GeneralSecurityException {
    SSLContext defaultTrust = SSLContext.getInstance("TLS");
    defaultTrust.init(null, null, null);

    assertThrows(SSLHandshakeException.class,
        () -> RespConnection.openTls(defaultTrust, "127.0.0.1", redis.get().port()).close());
  }

  @Test
  void thereIsNoPlainPort() {
    @SuppressWarnings("unchecked")
    List<Object> port = (List<Object>) redis.get().call("CONFIG", "GET", "port");
    assertEquals(List.of("port", "0"), port);
  }

  @Test
  void keytoolMakesMaterialRedisAccepts() throws IOException {
    // Machines without openssl generate with keytool; prove that this path serves TLS too.
    Path directory = SafetyNet.newDirectory("strata-redis-keytool-");
    try {
      TlsMaterial tls = TlsMaterial.generateWithKeytool(directory);
      assertTrue(Files.readString(tls.serverKey()).startsWith("-----BEGIN PRIVATE KEY-----"));

      try (RedisServer server = RedisServer.builder().tls(tls).start()) {
        try (RespConnection connection =
            RespConnection.openTls(tls.sslContext(), "localhost", server.port())) {
          assertEquals("PONG", connection.call("PING"));
        }
        assertEquals("PONG", server.cli("ping").requireSuccess().output().strip());
      }
    } finally {
      SafetyNet.delete(directory);
    }
  }

  private static Command.Result run(RedisServer server, List<String> command) {
    return Command.run(server.directory(), server.directory().resolve("redis-cli.log"),
        Duration.ofSeconds(30), command);
  }
}
