package dev.strata.jcache.testing.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutablesTest {
  @Test
  void aWrongRedisServerVariableFailsAtOnceWithInstallAdvice() {
    Map<String, String> environment = Map.of("REDIS_SERVER", "/no/such/redis-server");

    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> Executables.redisServer(environment::get));

    assertTrue(failure.getMessage().contains("/no/such/redis-server"), failure.getMessage());
    assertTrue(failure.getMessage().contains("apt-get install -y redis-server"),
        failure.getMessage());
  }

  @Test
  void theRedisServerVariableWins() {
    String found = Executables.redisServer().toString();

    assertEquals(found, Executables.redisServer(Map.of("REDIS_SERVER", found)::get).toString());
  }
}
