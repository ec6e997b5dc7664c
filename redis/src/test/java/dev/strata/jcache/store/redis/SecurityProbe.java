package dev.strata.jcache.store.redis;

import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * Connects to a TLS Redis with a wrong password, with no login, then rightly, printing what
 * fails; {@link RedisSecurityTest} runs it in a JVM that logs at DEBUG and reads every line.
 *
 * <p>Arguments: address, username, password, a wrong password, trust store, its password.
 */
public final class SecurityProbe {
  static final String DONE = "security probe done";

  private SecurityProbe() {}

  public static void main(String[] args) {
    String address = args[0];
    String username = args[1];
    String password = args[2];
    String wrongPassword = args[3];
    String trustStore = args[4];
    String trustStorePassword = args[5];
    attempt(SecureManagers.at(address).login(username, wrongPassword)
        .trust(trustStore, trustStorePassword), "wrong-password");
    attempt(SecureManagers.at(address).trust(trustStore, trustStorePassword), "no-login");
    attempt(SecureManagers.at(address).login(username, password)
        .trust(trustStore, trustStorePassword), "right");
    System.out.println(DONE);
    // Redisson's threads keep the JVM alive while a released client lingers; nothing is left
    // to wait for.
    System.exit(0);
  }

  private static void attempt(SecureManagers settings, String namespace) {
    try (CacheManager manager = settings.open(namespace)) {
      var cache = manager.createCache("c", new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      cache.put("k", "v");
      System.out.println(namespace + ": works, read back " + cache.get("k"));
    } catch (CacheException e) {
      // The whole trace, as an application's error log would show it.
      System.out.println(namespace + ": failed");
      e.printStackTrace(System.out);
    }
  }
}
