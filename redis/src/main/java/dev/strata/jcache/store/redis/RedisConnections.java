package dev.strata.jcache.store.redis;

import dev.strata.jcache.configuration.RedisSettings;
import dev.strata.shaded.redisson.Redisson;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.config.BaseConfig;
import dev.strata.shaded.redisson.config.BaseMasterSlaveServersConfig;
import dev.strata.shaded.redisson.config.ClusterServersConfig;
import dev.strata.shaded.redisson.config.Config;
import dev.strata.shaded.redisson.config.ConstantDelay;
import dev.strata.shaded.redisson.config.ReadMode;
import dev.strata.shaded.redisson.config.SentinelServersConfig;
import dev.strata.shaded.redisson.config.SingleServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;

/**
 * The Redis clients of the JVM, one per distinct connection setting, shared by every cache
 * manager that uses it. A client whose last manager closed lingers a few seconds before it shuts
 * down, so a manager reopened at once (common in tests and in redeployments) reuses it.
 */
public final class RedisConnections {
  private static final long LINGER_SECONDS = 5;
  /** A command is sent once more after a failed attempt: enough for a dropped connection. */
  static final int RETRY_ATTEMPTS = 1;

  /**
   * How long Redis keeps the note of a committed step (see {@code compare-and-set.lua}): longer
   * than a command takes with every resend ({@value #RETRY_ATTEMPTS} after the first, each
   * bounded by the timeout plus a tenth of it) and the read of the note after the last one.
   */
  public static long stepRecordMillis(RedisSettings settings) {
    if (settings.redissonConfig() != null) {
      // a Redisson file sets its own timeouts and resends, which Strata does not read
      return YAML_RECORD_MILLIS;
    }
    return Math.max(1_000L, (RETRY_ATTEMPTS + 3) * settings.timeout().toMillis());
  }

  /** The commit records' window under a Redisson file: Redisson's defaults resend for 20 s. */
  private static final long YAML_RECORD_MILLIS = 60_000L;
  private static final Map<Object, Shared> CLIENTS = new HashMap<>();
  private static final ScheduledExecutorService CLOSER = Executors.newSingleThreadScheduledExecutor(
      task -> {
        var thread = new Thread(task, "strata-redis-closer");
        thread.setDaemon(true);
        return thread;
      });

  private RedisConnections() {}

  /** The client for these settings, connecting if no manager holds one yet. */
  public static RedissonClient acquire(RedisSettings settings, ClassLoader classLoader) {
    synchronized (CLIENTS) {
      Shared shared = CLIENTS.get(settings.connectionKey());
      if (shared == null || shared.client.isShutdown()) {
        shared = new Shared(connect(settings, classLoader));
        CLIENTS.put(settings.connectionKey(), shared);
      }
      shared.users++;
      if (shared.pendingClose != null) {
        shared.pendingClose.cancel(false);
        shared.pendingClose = null;
      }
      return shared.client;
    }
  }

  /** Gives back a client that {@link #acquire} returned. */
  public static void release(RedisSettings settings) {
    synchronized (CLIENTS) {
      Shared shared = CLIENTS.get(settings.connectionKey());
      if (shared == null || --shared.users > 0) {
        return;
      }
      shared.pendingClose = CLOSER.schedule(() -> closeIfUnused(settings.connectionKey(), shared),
          LINGER_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static void closeIfUnused(Object key, Shared shared) {
    synchronized (CLIENTS) {
      if (shared.users > 0 || CLIENTS.get(key) != shared) {
        return;
      }
      CLIENTS.remove(key);
    }
    shared.client.shutdown(0, 2, TimeUnit.SECONDS);
  }

  private static RedissonClient connect(RedisSettings settings, ClassLoader classLoader) {
    Config config = settings.redissonConfig() != null
        ? fromYaml(settings.redissonConfig(), classLoader)
        : fromSettings(settings);
    RedissonClient client;
    try {
      client = Redisson.create(config);
    } catch (RuntimeException e) {
      throw ConnectFailure.of(settings, e);
    }
    RedisAvailability.register(client, settings);
    return client;
  }

  private static Config fromSettings(RedisSettings settings) {
    var config = new Config();
    config.setThreads(4);
    config.setNettyThreads(8);
    BaseConfig<?> servers;
    switch (settings.mode()) {
      case CLUSTER: {
        // Replicas lag their master: a read there could miss the write just made, so every
        // read goes to the master, as a cache that is shared by JVMs must.
        ClusterServersConfig cluster = config.useClusterServers().setReadMode(ReadMode.MASTER);
        settings.addresses().forEach(cluster::addNodeAddress);
        servers = cluster;
        break;
      }
      case SENTINEL: {
        SentinelServersConfig sentinel = config.useSentinelServers()
            .setMasterName(settings.masterName())
            .setReadMode(ReadMode.MASTER)
            .setDatabase(settings.database());
        settings.addresses().forEach(sentinel::addSentinelAddress);
        servers = sentinel;
        break;
      }
      default: {
        SingleServerConfig single = config.useSingleServer()
            .setAddress(settings.addresses().get(0))
            .setDatabase(settings.database());
        servers = single;
        break;
      }
    }
    poolSizes(servers, settings);
    int timeout = (int) settings.timeout().toMillis();
    servers.setTimeout(timeout);
    servers.setConnectTimeout((int) settings.connectTimeout().toMillis());
    servers.setRetryAttempts(RETRY_ATTEMPTS);
    // Redisson waits 1 to 2 s between the attempts of a command by default: with Redis gone, a
    // cache operation would block for that on top of its two timeouts. A tenth of the timeout
    // keeps a failing operation within about (RETRY_ATTEMPTS + 1) timeouts.
    servers.setRetryDelay(new ConstantDelay(Duration.ofMillis(Math.max(1, timeout / 10))));
    // Credentials and TLS trust belong to the Config as a whole in Redisson 4 (its per-server
    // setters are deprecated, and warn on every connect).
    if (settings.username() != null) {
      config.setUsername(settings.username());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    if (settings.trustStore() != null) {
      try {
        config.setSslTruststore(Path.of(settings.trustStore()).toUri().toURL());
      } catch (MalformedURLException e) {
        throw new CacheException("strata.redis.trust-store = " + settings.trustStore()
            + ": not a usable path", e);
      }
      if (settings.trustStorePassword() != null) {
        config.setSslTruststorePassword(settings.trustStorePassword());
      }
    }
    return config;
  }

  /**
   * Sizes each node's pools from the settings; replicas get the same, though reads go to the
   * masters (Redisson still connects to them, for failover).
   */
  private static void poolSizes(BaseConfig<?> servers, RedisSettings settings) {
    if (servers instanceof SingleServerConfig single) {
      single.setConnectionPoolSize(settings.connections());
      single.setConnectionMinimumIdleSize(settings.idleConnections());
      single.setSubscriptionConnectionPoolSize(settings.subscriptionConnections());
      single.setSubscriptionConnectionMinimumIdleSize(1);
    } else if (servers instanceof BaseMasterSlaveServersConfig<?> replicated) {
      replicated.setSubscriptionConnectionPoolSize(settings.subscriptionConnections());
      replicated.setSubscriptionConnectionMinimumIdleSize(1);
      replicated.setMasterConnectionPoolSize(settings.connections());
      replicated.setMasterConnectionMinimumIdleSize(settings.idleConnections());
      replicated.setSlaveConnectionPoolSize(settings.connections());
      replicated.setSlaveConnectionMinimumIdleSize(settings.idleConnections());
    }
  }

  private static Config fromYaml(String location, ClassLoader classLoader) {
    try {
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length()).replaceFirst("^/+", "");
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
          if (in == null) {
            throw new CacheException("strata.redis.redisson-config = " + location
                + ": no such class path resource");
          }
          return Config.fromYAML(in);
        }
      }
      Path path = Path.of(location);
      if (!Files.isReadable(path)) {
        throw new CacheException("strata.redis.redisson-config = " + location
            + ": no such readable file");
      }
      return Config.fromYAML(path.toFile());
    } catch (IOException e) {
      throw new CacheException("strata.redis.redisson-config = " + location
          + ": not a valid Redisson YAML configuration: " + e.getMessage(), e);
    }
  }

  private static final class Shared {
    final RedissonClient client;
    int users;
    ScheduledFuture<?> pendingClose;

    Shared(RedissonClient client) {
      this.client = client;
    }
  }
}
