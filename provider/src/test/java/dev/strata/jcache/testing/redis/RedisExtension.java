package dev.strata.jcache.testing.redis;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shares one Redis fixture between the tests of a class: started before the first test, closed
 * after the last, even when tests fail.
 *
 * <pre>{@code
 * class RedisStoreTest {
 *   @RegisterExtension
 *   static final RedisExtension<RedisServer> redis = RedisExtension.server();
 *
 *   @Test
 *   void storesValues() {
 *     String address = redis.get().uri();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Register it on a {@code static} field: JUnit runs class-level callbacks only for extensions
 * registered there. Tests share the server, so each test should use its own keys or flush the
 * database first ({@code redis.get().call("FLUSHALL")}). The same can be written by hand with
 * {@code @BeforeAll} and {@code @AfterAll}, as {@code RedisServerTest} does.
 */
public final class RedisExtension<T extends AutoCloseable>
    implements BeforeAllCallback, AfterAllCallback {
  private final Supplier<T> starter;
  private T fixture;

  private RedisExtension(Supplier<T> starter) {
    this.starter = starter;
  }

  /** A plain standalone server: {@link RedisServer#start(String...)}. */
  public static RedisExtension<RedisServer> server(String... extraArguments) {
    return new RedisExtension<>(() -> RedisServer.start(extraArguments));
  }

  /** A TLS-only server with ACL user {@value RedisServer#TLS_USERNAME}: {@link RedisServer#tls()}. */
  public static RedisExtension<RedisServer> tls() {
    return new RedisExtension<>(() -> RedisServer.tls().start());
  }

  /** A three-master cluster: {@link RedisCluster#start()}. */
  public static RedisExtension<RedisCluster> cluster() {
    return new RedisExtension<>(RedisCluster::start);
  }

  /** A master, its replica and three sentinels: {@link RedisSentinel#start()}. */
  public static RedisExtension<RedisSentinel> sentinel() {
    return new RedisExtension<>(RedisSentinel::start);
  }

  /** Any fixture, such as {@code () -> RedisServer.builder().user("app", "pw").start()}. */
  public static <T extends AutoCloseable> RedisExtension<T> of(Supplier<T> starter) {
    return new RedisExtension<>(starter);
  }

  /**
   * The running fixture.
   *
   * @throws IllegalStateException outside the tests of the class that registered it
   */
  public T get() {
    if (fixture == null) {
      throw new IllegalStateException(
          "not started: register the RedisExtension on a static field with @RegisterExtension");
    }
    return fixture;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    fixture = starter.get();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    T started = fixture;
    fixture = null;
    if (started != null) {
      started.close();
    }
  }
}
