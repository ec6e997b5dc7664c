package dev.strata.jcache.assembly;

import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.configuration.DeclaredCaches;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.configuration.WriteBehindSettings;
import dev.strata.jcache.expiry.Ticker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.cache.configuration.Factory;

/**
 * The settings a cache runs with: its configuration, completed with its cache manager's defaults
 * ({@code strata.defaults}). Resolved once, when the cache is created; every part of the cache is
 * built from this value rather than from the configuration alone.
 *
 * @param storeType where the cache keeps its entries
 * @param nearCache the near cache in front of a Redis cache, or {@code null} for none (always
 *     {@code null} for an embedded cache)
 * @param allowedClasses the classes, beyond the key and value types, that a Redis cache may
 *     decode: the manager's and the cache's own
 * @param immutableClasses the classes, beyond the JDK's immutable types and records of them,
 *     whose instances the cache hands out without copying: the manager's and the cache's own
 * @param codecFactory the codec of a by-value cache: the cache's own, else the manager's
 *     ({@code strata.defaults.codec}), else the default
 * @param ticker the clock of expiry
 * @param classLoader the cache manager's class loader, which decodes stored values
 */
public record ResolvedCacheSettings<K, V>(String name, StrataConfiguration<K, V> configuration,
    StoreType storeType, NearCacheSettings nearCache, List<String> allowedClasses,
    List<String> immutableClasses, Factory<? extends Codec> codecFactory, Ticker ticker,
    ClassLoader classLoader) {

  /** The settings of a cache of this configuration in a manager with these declared defaults. */
  public static <K, V> ResolvedCacheSettings<K, V> of(String name,
      StrataConfiguration<K, V> configuration, DeclaredCaches defaults, ClassLoader classLoader) {
    StoreType storeType = storeTypeOf(configuration, defaults);
    NearCacheSettings near = storeType != StoreType.REDIS ? null
        : configuration.getNearCache() != null
            ? configuration.getNearCache() : defaults.defaultNearCache();
    var allowed = new ArrayList<>(defaults.defaultAllowedClasses());
    allowed.addAll(configuration.getAllowedClasses());
    var immutable = new ArrayList<>(defaults.defaultImmutableClasses());
    immutable.addAll(configuration.getImmutableClasses());
    Factory<? extends Codec> codec = configuration.hasDefaultCodec()
        && defaults.defaultCodec() != null
        ? defaults.defaultCodec() : configuration.getCodecFactory();
    Ticker ticker = configuration.getTicker() == null ? Ticker.system() : configuration.getTicker();
    return new ResolvedCacheSettings<>(name, configuration, storeType, near,
        Collections.unmodifiableList(allowed), Collections.unmodifiableList(immutable), codec,
        ticker, classLoader);
  }

  /** The cache's own store type, or else the manager's default ({@code strata.defaults.store}). */
  public static StoreType storeTypeOf(StrataConfiguration<?, ?> configuration,
      DeclaredCaches defaults) {
    return configuration.getStoreType() != null
        ? configuration.getStoreType() : defaults.defaultStore();
  }

  /** Whether the entries leave the JVM: they are then always stored by value. */
  public boolean remote() {
    return storeType == StoreType.REDIS;
  }

  /** Whether the cache keeps copies of its keys and values rather than the objects themselves. */
  public boolean byValue() {
    return remote() || configuration.isStoreByValue();
  }

  /** How the cache writes behind, or {@code null} when it does not. */
  public WriteBehindSettings writeBehind() {
    return configuration.getWriteBehind();
  }
}
