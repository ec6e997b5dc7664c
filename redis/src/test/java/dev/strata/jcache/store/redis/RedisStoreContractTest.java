package dev.strata.jcache.store.redis;

import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import dev.strata.shaded.redisson.api.RedissonClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on the Redis store over one standalone server. */
class RedisStoreContractTest extends RedisStoreContract {
  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  private static RedissonClient client;

  @BeforeAll
  static void connect() {
    client = connect(List.of(REDIS.get().uri()), false);
  }

  @AfterAll
  static void disconnect() {
    client.shutdown();
  }

  @BeforeEach
  void flush() {
    REDIS.get().call("FLUSHALL");
  }

  @Override
  protected RedissonClient client() {
    return client;
  }
}
