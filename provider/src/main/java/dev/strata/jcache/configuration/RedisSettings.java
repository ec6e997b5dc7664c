package dev.strata.jcache.configuration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.CacheException;

/**
 * How a cache manager reaches Redis: the {@code strata.redis} section of its configuration file,
 * or the same keys as cache manager properties ({@code strata.redis.addresses=...}), which take
 * precedence. Equal settings share one connection.
 *
 * <p>{@link #toString()} never shows a password: neither {@code password} nor
 * {@code trust-store-password}, nor one written into an address ({@code redis://user:pw@host}).
 */
public final class RedisSettings {
  static final Set<String> KEYS = Set.of("mode", "addresses", "master-name", "username",
      "password", "database", "timeout", "connect-timeout", "trust-store",
      "trust-store-password", "namespace", "redisson-config", "write-through-lease", "fail-fast",
      "fail-fast-after", "probe-interval", "connections", "idle-connections",
      "subscription-connections");

  /** How the servers are arranged. */
  public enum Mode { STANDALONE, CLUSTER, SENTINEL }

  private final Mode mode;
  private final List<String> addresses;
  private final String masterName;
  private final String username;
  private final String password;
  private final int database;
  private final Duration timeout;
  private final Duration connectTimeout;
  private final String trustStore;
  private final String trustStorePassword;
  private final String namespace;
  private final String redissonConfig;
  private final Duration writeThroughLease;
  private final boolean failFast;
  private final Duration failFastAfter;
  private final Duration probeInterval;
  private final int connections;
  private final int idleConnections;
  private final int subscriptionConnections;

  private RedisSettings(Config section, String defaultNamespace) {
    var reader = new SettingReader(section, "strata.redis.");
    for (Map.Entry<String, ConfigValue> entry : section.root().entrySet()) {
      if (!KEYS.contains(entry.getKey())) {
        throw new CacheException(SettingReader.where(entry.getValue()) + "unknown setting "
            + "strata.redis." + entry.getKey() + ": expected one of " + new TreeSet<>(KEYS));
      }
    }
    this.mode = reader.choice("mode", Mode.class, Mode.STANDALONE);
    this.addresses = addresses(section, reader);
    this.masterName = reader.text("master-name");
    this.username = reader.text("username");
    this.password = reader.text("password");
    long db = reader.count("database");
    this.database = db < 0 ? 0 : (int) db;
    this.timeout = reader.javaDuration("timeout", Duration.ofSeconds(3));
    this.connectTimeout = reader.javaDuration("connect-timeout", Duration.ofSeconds(3));
    this.trustStore = reader.text("trust-store");
    this.trustStorePassword = reader.text("trust-store-password");
    String ns = reader.text("namespace");
    this.namespace = ns == null ? defaultNamespace : ns;
    this.redissonConfig = reader.text("redisson-config");
    this.writeThroughLease = reader.javaDuration("write-through-lease", Duration.ofSeconds(10));
    this.failFast = reader.bool("fail-fast", true);
    this.failFastAfter = reader.javaDuration("fail-fast-after", timeout);
    this.probeInterval = reader.javaDuration("probe-interval", Duration.ofMillis(500));
    this.connections = poolSize(reader, "connections", 64, 1);
    this.idleConnections = poolSize(reader, "idle-connections", Math.min(24, connections), 0);
    if (idleConnections > connections) {
      throw reader.located("idle-connections", "strata.redis.idle-connections = "
          + idleConnections + " is more than strata.redis.connections = " + connections);
    }
    this.subscriptionConnections = poolSize(reader, "subscription-connections", 50, 1);
    if (mode == Mode.SENTINEL && masterName == null && redissonConfig == null) {
      throw reader.located("mode", "strata.redis.mode = sentinel needs strata.redis.master-name");
    }
  }

  /** The settings of a section, or null when the section is absent and no address is given. */
  static RedisSettings of(Config file, String defaultNamespace) {
    if (!file.hasPath("strata.redis")) {
      return null;
    }
    return new RedisSettings(file.getConfig("strata.redis"), defaultNamespace);
  }

  private static int poolSize(SettingReader reader, String key, int fallback, int least) {
    long value = reader.count(key);
    if (value < 0) {
      return fallback;
    }
    if (value < least || value > 10_000) {
      throw reader.located(key, "strata.redis." + key + " = " + value + ": expected a number"
          + " from " + least + " to 10000");
    }
    return (int) value;
  }

  /** Settings for a standalone server at one address; for programs and tests. */
  public static RedisSettings standalone(String address, String namespace) {
    Config section = ConfigFactory.parseMap(Map.of("addresses", List.of(address),
        "namespace", namespace));
    return new RedisSettings(section, namespace);
  }

  private static List<String> addresses(Config section, SettingReader reader) {
    if (!section.hasPath("addresses")) {
      return List.of("redis://127.0.0.1:6379");
    }
    ConfigValue value = section.getValue("addresses");
    List<String> found = new ArrayList<>();
    if (value.valueType() == ConfigValueType.STRING) {
      for (String part : ((String) value.unwrapped()).split(",")) {
        if (!part.isBlank()) {
          found.add(part.trim());
        }
      }
    } else if (value.valueType() == ConfigValueType.LIST) {
      for (Object item : (List<?>) value.unwrapped()) {
        found.add(String.valueOf(item).trim());
      }
    }
    for (String address : found) {
      if (!address.startsWith("redis://") && !address.startsWith("rediss://")) {
        throw reader.invalid("addresses", value,
            "addresses like redis://host:port, or rediss://host:port for TLS");
      }
    }
    if (found.isEmpty()) {
      throw reader.invalid("addresses", value, "at least one address like redis://host:port");
    }
    return List.copyOf(found);
  }

  public Mode mode() {
    return mode;
  }

  public List<String> addresses() {
    return addresses;
  }

  public String masterName() {
    return masterName;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  public int database() {
    return database;
  }

  public Duration timeout() {
    return timeout;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public String trustStore() {
    return trustStore;
  }

  public String trustStorePassword() {
    return trustStorePassword;
  }

  /** The prefix that keeps this manager's keys apart from every other application's. */
  public String namespace() {
    return namespace;
  }

  /** A Redisson YAML file (a path, or {@code classpath:...}) that replaces the other settings. */
  public String redissonConfig() {
    return redissonConfig;
  }

  /**
   * How long a write-through cache's step may hold its key across JVMs, from its read through
   * the writer's call to its write: the longest a writer call may take, and the longest another
   * JVM's step on the key waits.
   */
  public Duration writeThroughLease() {
    return writeThroughLease;
  }

  /**
   * Whether a Redis node that timed out or refused the connection is marked down, so that every
   * operation on it fails at once until a probe finds it back.
   */
  public boolean failFast() {
    return failFast;
  }

  /**
   * How long a command may go unanswered before its node is marked down (a command that fails
   * with a timeout or a refused connection marks it down at once): the command timeout unless
   * set.
   */
  public Duration failFastAfter() {
    return failFastAfter;
  }

  /** How often a node marked down is probed (PING), and how long a probe waits at most. */
  public Duration probeInterval() {
    return probeInterval;
  }

  /** The most command connections kept open to each Redis node. */
  public int connections() {
    return connections;
  }

  /** The command connections opened to each node at start and kept open while idle. */
  public int idleConnections() {
    return idleConnections;
  }

  /** The most connections to each node for subscriptions (near caches, listeners). */
  public int subscriptionConnections() {
    return subscriptionConnections;
  }

  /** The settings that decide which connection to use: everything but the namespace. */
  public Object connectionKey() {
    return List.of(mode, addresses, Objects.toString(masterName), Objects.toString(username),
        Objects.toString(password), database, timeout, connectTimeout,
        Objects.toString(trustStore), Objects.toString(trustStorePassword),
        Objects.toString(redissonConfig), failFast, failFastAfter, probeInterval, connections,
        idleConnections, subscriptionConnections);
  }

  /**
   * The addresses without any credentials written into them, for messages: {@code
   * redis://app:pw@host:6379} shows as {@code redis://host:6379}.
   */
  public List<String> displayAddresses() {
    List<String> shown = new ArrayList<>();
    for (String address : addresses) {
      int scheme = address.indexOf("://") + 3;
      int at = address.lastIndexOf('@');
      shown.add(at < scheme ? address : address.substring(0, scheme) + address.substring(at + 1));
    }
    return shown;
  }

  /**
   * Every secret of these settings, so that messages can be checked and masked for them: the
   * password, the trust store's password and passwords written into addresses.
   */
  public List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    addSecret(secrets, password);
    addSecret(secrets, trustStorePassword);
    for (String address : addresses) {
      int scheme = address.indexOf("://") + 3;
      int at = address.lastIndexOf('@');
      if (at >= scheme) {
        String userInfo = address.substring(scheme, at);
        addSecret(secrets, userInfo.substring(userInfo.indexOf(':') + 1));
      }
    }
    return List.copyOf(secrets);
  }

  private static void addSecret(List<String> secrets, String secret) {
    // An empty string is in every message; masking it would garble them and hide nothing.
    if (secret != null && !secret.isEmpty()) {
      secrets.add(secret);
    }
  }

  @Override
  public String toString() {
    return "Redis " + mode.name().toLowerCase(Locale.ROOT) + " " + displayAddresses()
        + (username == null ? "" : " as " + username) + ", database " + database
        + ", namespace " + namespace;
  }
}
