package dev.strata.jcache.configuration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.expiry.ConfiguredExpiryPolicy;
import dev.strata.jcache.hotkeys.HotKeySettings;
import dev.strata.jcache.strategy.KeySource;
import dev.strata.jcache.strategy.WarmOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/** The checked settings of one declared cache; each call makes a fresh configuration. */
final class CacheSettings {
  static final Set<String> KEYS = Set.of("key-type", "value-type", "store-by-value",
      "statistics", "management", "read-through", "write-through", "loader", "writer", "expiry",
      "maximum-size", "maximum-weight", "weigher", "codec", "store", "allowed-classes",
      "immutable-classes", "maximum-value-size", "near-cache", "read-through-fallback",
      "write-behind", "loading", "warm", "hot-keys");
  static final Set<String> EXPIRY_KEYS = Set.of("creation", "update", "access");
  static final Set<String> NEAR_CACHE_KEYS = Set.of("enabled", "maximum-size", "max-staleness",
      "check-interval");
  static final Set<String> HOT_KEYS_KEYS = Set.of("enabled", "sample-every", "max-tracked");
  static final Set<String> WRITE_BEHIND_KEYS = Set.of("enabled", "max-batch-size", "max-delay",
      "queue-capacity", "full-queue-wait", "max-attempts", "initial-backoff", "max-backoff",
      "close-timeout");
  static final Set<String> LOADING_KEYS = Set.of("single-flight", "single-flight-timeout",
      "refresh-after", "refresh-ahead-fraction", "refresh-threads");
  static final Set<String> WARM_KEYS = Set.of("key-source", "on-start", "batch-size",
      "parallelism", "replace-existing-values", "progress-interval");
  static final long DEFAULT_NEAR_CACHE_SIZE = 10_000;
  static final java.time.Duration DEFAULT_MAX_STALENESS = java.time.Duration.ofSeconds(30);

  private final Class<?> keyType;
  private final Class<?> valueType;
  private final boolean storeByValue;
  private final boolean statistics;
  private final boolean management;
  private final boolean readThrough;
  private final boolean writeThrough;
  private final Factory<CacheLoader<Object, Object>> loader;
  private final Factory<CacheWriter<Object, Object>> writer;
  private final ConfiguredExpiryPolicy expiry;
  private final long maximumSize;
  private final long maximumWeight;
  private final Factory<EntryWeigher<Object, Object>> weigher;
  private final Factory<Codec> codec;
  private final StoreType store;
  private final NearCacheSettings nearCache;
  private final WriteBehindSettings writeBehind;
  private final HotKeySettings hotKeys;
  private final boolean loaderFallback;
  private final LoadingSettings loading;
  private final WarmSettings warm;
  private final List<String> allowedClasses;
  private final List<String> immutableClasses;
  private final long maximumValueSize;

  CacheSettings(Config config, String prefix, ClassLoader classLoader) {
    var reader = new SettingReader(config, prefix);
    keyType = type(reader, "key-type", classLoader);
    valueType = type(reader, "value-type", classLoader);
    storeByValue = reader.bool("store-by-value", true);
    statistics = reader.bool("statistics", false);
    management = reader.bool("management", false);
    readThrough = reader.bool("read-through", false);
    writeThrough = reader.bool("write-through", false);
    loader = factory(reader, prefix, "loader", CacheLoader.class, classLoader);
    writer = factory(reader, prefix, "writer", CacheWriter.class, classLoader);
    if (readThrough && loader == null) {
      throw reader.located("read-through",
          prefix + "read-through = true needs " + prefix + "loader");
    }
    if (writeThrough && writer == null) {
      throw reader.located("write-through",
          prefix + "write-through = true needs " + prefix + "writer");
    }
    expiry = new ConfiguredExpiryPolicy(
        reader.duration("expiry.creation", Duration.ETERNAL, false),
        reader.duration("expiry.update", null, true),
        reader.duration("expiry.access", null, true));
    maximumSize = reader.count("maximum-size");
    maximumWeight = reader.count("maximum-weight");
    weigher = factory(reader, prefix, "weigher", EntryWeigher.class, classLoader);
    if ((maximumWeight >= 0) != (weigher != null)) {
      throw reader.located(maximumWeight >= 0 ? "maximum-weight" : "weigher", prefix
          + "maximum-weight and " + prefix + "weigher go together: set both or neither");
    }
    if (maximumWeight >= 0 && maximumSize >= 0) {
      throw reader.located("maximum-weight", prefix + "maximum-size and " + prefix
          + "maximum-weight exclude each other: set one");
    }
    codec = codec(reader, prefix, classLoader);
    store = reader.choice("store", StoreType.class, null);
    nearCache = nearCache(config, prefix);
    writeBehind = writeBehind(config, prefix);
    if (writeBehind != null && !writeThrough) {
      throw reader.located("write-behind", prefix + "write-behind needs " + prefix
          + "write-through = true and " + prefix + "writer: it is the writer that is called"
          + " behind the cache");
    }
    hotKeys = hotKeys(config, prefix);
    loaderFallback = reader.bool("read-through-fallback", false);
    loading = loading(config, prefix);
    warm = warm(config, prefix, classLoader);
    allowedClasses = reader.classPatterns("allowed-classes");
    immutableClasses = reader.classPatterns("immutable-classes");
    maximumValueSize = reader.size("maximum-value-size",
        StrataConfiguration.DEFAULT_MAXIMUM_VALUE_SIZE);
  }

  /** The store a section names, or null; read on its own for the manager's default. */
  static StoreType store(Config section, String prefix) {
    return new SettingReader(section, prefix).choice("store", StoreType.class, null);
  }

  /** The near cache a section describes, or null when it has none or disables it. */
  static NearCacheSettings nearCache(Config section, String prefix) {
    var reader = new SettingReader(section, prefix);
    if (!section.hasPath("near-cache") || !reader.bool("near-cache.enabled", true)) {
      return null;
    }
    long size = reader.count("near-cache.maximum-size");
    return new NearCacheSettings(size < 0 ? DEFAULT_NEAR_CACHE_SIZE : size,
        reader.javaDuration("near-cache.max-staleness", DEFAULT_MAX_STALENESS),
        reader.javaDuration("near-cache.check-interval",
            NearCacheSettings.DEFAULT_CHECK_INTERVAL));
  }

  /** The hot-key tracking a section describes, or null when it has none or disables it. */
  static HotKeySettings hotKeys(Config section, String prefix) {
    var reader = new SettingReader(section, prefix);
    if (!section.hasPath("hot-keys") || !reader.bool("hot-keys.enabled", true)) {
      return null;
    }
    HotKeySettings defaults = HotKeySettings.DEFAULTS;
    int sampleEvery = (int) whole(reader, "hot-keys.sample-every", defaults.sampleEvery());
    int maxTracked = (int) whole(reader, "hot-keys.max-tracked", defaults.maxTracked());
    try {
      return new HotKeySettings(sampleEvery, maxTracked);
    } catch (IllegalArgumentException e) {
      throw reader.located("hot-keys", prefix + e.getMessage());
    }
  }

  /** The write-behind a section describes, or null when it has none or disables it. */
  static WriteBehindSettings writeBehind(Config section, String prefix) {
    var reader = new SettingReader(section, prefix);
    if (!section.hasPath("write-behind") || !reader.bool("write-behind.enabled", true)) {
      return null;
    }
    WriteBehindSettings defaults = WriteBehindSettings.DEFAULTS;
    try {
      return new WriteBehindSettings(
          (int) whole(reader, "write-behind.max-batch-size", defaults.maxBatchSize()),
          reader.javaDuration("write-behind.max-delay", defaults.maxDelay(), true),
          (int) whole(reader, "write-behind.queue-capacity", defaults.queueCapacity()),
          reader.javaDuration("write-behind.full-queue-wait", defaults.fullQueueWait(), true),
          (int) whole(reader, "write-behind.max-attempts", defaults.maxAttempts()),
          reader.javaDuration("write-behind.initial-backoff", defaults.initialBackoff(), true),
          reader.javaDuration("write-behind.max-backoff", defaults.maxBackoff(), true),
          reader.javaDuration("write-behind.close-timeout", defaults.closeTimeout(), true));
    } catch (IllegalArgumentException e) {
      throw reader.located("write-behind", prefix + "write-behind: " + e.getMessage());
    }
  }

  /** The loading strategies a section describes; the defaults when it has none. */
  static LoadingSettings loading(Config section, String prefix) {
    var reader = new SettingReader(section, prefix);
    LoadingSettings defaults = LoadingSettings.DEFAULTS;
    if (!section.hasPath("loading")) {
      return defaults;
    }
    double fraction = defaults.refreshAheadFraction();
    if (reader.has("loading.refresh-ahead-fraction")) {
      ConfigValue value = section.getValue("loading.refresh-ahead-fraction");
      try {
        fraction = section.getDouble("loading.refresh-ahead-fraction");
      } catch (ConfigException e) {
        throw reader.invalid("loading.refresh-ahead-fraction", value,
            "a fraction of at least 0 and below 1, such as 0.8");
      }
      if (!(fraction >= 0.0 && fraction < 1.0)) {
        throw reader.invalid("loading.refresh-ahead-fraction", value,
            "a fraction of at least 0 and below 1, such as 0.8");
      }
    }
    try {
      return new LoadingSettings(reader.bool("loading.single-flight", defaults.singleFlight()),
          reader.javaDuration("loading.single-flight-timeout", defaults.singleFlightTimeout()),
          reader.javaDuration("loading.refresh-after", defaults.refreshAfter()), fraction,
          (int) whole(reader, "loading.refresh-threads", defaults.refreshThreads()));
    } catch (IllegalArgumentException e) {
      throw reader.located("loading", prefix + "loading: " + e.getMessage());
    }
  }

  /** The warm-up a section describes, or null when it has none. */
  static WarmSettings warm(Config section, String prefix, ClassLoader classLoader) {
    if (!section.hasPath("warm")) {
      return null;
    }
    var reader = new SettingReader(section, prefix);
    Factory<KeySource<?>> source = factory(reader, prefix,
        "warm.key-source", KeySource.class, classLoader);
    if (source == null) {
      throw reader.located("warm", prefix + "warm needs " + prefix + "warm.key-source: the"
          + " class whose keys the cache loads");
    }
    var defaults = WarmOptions.DEFAULTS;
    return new WarmSettings(source, reader.bool("warm.on-start", true),
        (int) whole(reader, "warm.batch-size", defaults.batchSize()),
        (int) whole(reader, "warm.parallelism", defaults.parallelism()),
        reader.bool("warm.replace-existing-values", defaults.replaceExistingValues()),
        reader.javaDuration("warm.progress-interval", defaults.progressInterval()));
  }

  private static long whole(SettingReader reader, String key, int fallback) {
    long value = reader.count(key);
    if (value < 0) {
      return fallback;
    }
    if (value == 0 || value > Integer.MAX_VALUE) {
      throw reader.located(key, reader.prefix() + key + " = " + value
          + ": expected a whole number from 1 to " + Integer.MAX_VALUE);
    }
    return value;
  }

  /** Rejects settings this version does not know, so a misspelt key is not silently ignored. */
  static void checkKeys(Config section, String prefix) {
    var problems = new ConfigurationProblems();
    checkKeys(section, prefix, problems);
    problems.throwIfAny(prefix);
  }

  /** Checks every key of a section, adding each unknown one to {@code problems}. */
  static void checkKeys(Config section, String prefix, ConfigurationProblems problems) {
    for (Map.Entry<String, ConfigValue> entry : section.root().entrySet()) {
      String key = entry.getKey();
      if (!KEYS.contains(key)) {
        problems.add(new CacheException(SettingReader.where(entry.getValue()) + "unknown setting "
            + prefix + key + ": expected one of " + new TreeSet<>(KEYS)));
        continue;
      }
      if (key.equals("near-cache")) {
        problems.check(() ->
            checkSection(section, prefix, "near-cache", NEAR_CACHE_KEYS, entry.getValue()));
      }
      if (key.equals("hot-keys")) {
        checkSection(section, prefix, "hot-keys", HOT_KEYS_KEYS, entry.getValue());
      }
      if (key.equals("write-behind")) {
        problems.check(() ->
            checkSection(section, prefix, "write-behind", WRITE_BEHIND_KEYS, entry.getValue()));
      }
      if (key.equals("warm")) {
        checkSection(section, prefix, "warm", WARM_KEYS, entry.getValue());
      }
      if (key.equals("loading")) {
        checkSection(section, prefix, "loading", LOADING_KEYS, entry.getValue());
      }
      if (key.equals("expiry")) {
        if (entry.getValue().valueType() != ConfigValueType.OBJECT) {
          problems.add(new CacheException(SettingReader.where(entry.getValue()) + prefix
              + "expiry = " + entry.getValue().render()
              + ": expected a section { creation, update, access }"));
          continue;
        }
        for (Map.Entry<String, ConfigValue> expiry :
            section.getObject("expiry").entrySet()) {
          if (!EXPIRY_KEYS.contains(expiry.getKey())) {
            problems.add(new CacheException(SettingReader.where(expiry.getValue())
                + "unknown setting " + prefix + "expiry." + expiry.getKey() + ": expected one of "
                + new TreeSet<>(EXPIRY_KEYS)));
          }
        }
      }
    }
  }

  private static void checkSection(Config section, String prefix, String key, Set<String> keys,
      ConfigValue value) {
    if (value.valueType() != ConfigValueType.OBJECT) {
      throw new CacheException(SettingReader.where(value) + prefix + key + " = "
          + value.render() + ": expected a section { " + String.join(", ", new TreeSet<>(keys))
          + " }");
    }
    for (Map.Entry<String, ConfigValue> inner : section.getObject(key).entrySet()) {
      if (!keys.contains(inner.getKey())) {
        throw new CacheException(SettingReader.where(inner.getValue()) + "unknown setting "
            + prefix + key + "." + inner.getKey() + ": expected one of " + new TreeSet<>(keys));
      }
    }
  }

  private static Class<?> type(SettingReader reader, String key, ClassLoader classLoader) {
    String name = reader.className(key);
    if (name == null) {
      return Object.class;
    }
    try {
      return Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw reader.invalidClass(key, name);
    }
  }

  /** The codec a section names ({@code kryo}, {@code java} or a class), or null for none. */
  @SuppressWarnings("unchecked")
  static Factory<Codec> codec(SettingReader reader, String prefix, ClassLoader classLoader) {
    String name = reader.className("codec");
    if (name == null) {
      return null;
    }
    Factory<? extends Codec> named = Codec.named(name);
    if (named != null) {
      return (Factory<Codec>) named;
    }
    if (!name.contains(".")) {
      throw reader.located("codec", prefix + "codec = " + name + ": expected kryo, java or the"
          + " fully qualified name of a class implementing " + Codec.class.getName());
    }
    return factory(reader, prefix, "codec", Codec.class, classLoader);
  }

  private static <T> Factory<T> factory(SettingReader reader, String prefix, String key,
      Class<?> type, ClassLoader classLoader) {
    String name = reader.className(key);
    if (name == null) {
      return null;
    }
    try {
      return new InstanceFactory<>(name, type, prefix + key, classLoader);
    } catch (CacheException e) {
      throw reader.located(key, e.getMessage());
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  StrataConfiguration<Object, Object> toConfiguration() {
    var config = new StrataConfiguration<Object, Object>();
    config.setTypes((Class) keyType, (Class) valueType);
    config.setStoreByValue(storeByValue);
    config.setStatisticsEnabled(statistics);
    config.setManagementEnabled(management);
    config.setReadThrough(readThrough);
    config.setWriteThrough(writeThrough);
    config.setCacheLoaderFactory(loader);
    config.setCacheWriterFactory(writer);
    config.setExpiryPolicyFactory(FactoryBuilder.factoryOf(expiry));
    config.setMaximumSize(maximumSize);
    if (maximumWeight >= 0) {
      config.setMaximumWeight(maximumWeight, weigher);
    }
    if (codec != null) {
      config.setCodecFactory(codec);
    }
    config.setStoreType(store);
    config.setNearCache(nearCache);
    config.setWriteBehind(writeBehind);
    config.setHotKeys(hotKeys);
    config.setLoaderFallback(loaderFallback);
    config.setLoading(loading);
    config.setWarm(warm);
    config.setAllowedClasses(allowedClasses);
    config.setImmutableClasses(immutableClasses);
    config.setMaximumValueSize(maximumValueSize);
    return config;
  }
}
