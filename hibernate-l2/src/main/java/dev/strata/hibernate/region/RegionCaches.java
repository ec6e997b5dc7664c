package dev.strata.hibernate.region;

import dev.strata.hibernate.MissingCachePolicy;
import dev.strata.jcache.StrataCacheManager;
import dev.strata.jcache.configuration.DeclaredCaches;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;

/**
 * Finds the Strata cache of each region: the one Strata's configuration file declares under the
 * region's name ({@code strata.caches."com.example.Book"}), or, for a region the file does not
 * declare, one made from the file's {@code strata.defaults} as the {@link MissingCachePolicy}
 * says. Either way the cache is allowed to decode what Hibernate stores in it, and keeps
 * statistics when asked to.
 */
public final class RegionCaches {
  private static final System.Logger LOG = System.getLogger(RegionCaches.class.getName());
  /** A cache declared with no settings of its own, to read what {@code strata.defaults} makes. */
  private static final String DEFAULTS_PROBE = "strata-hibernate-defaults-probe";

  private final CacheManager manager;
  private final DeclaredCaches declared;
  private final StrataConfiguration<Object, Object> defaults;
  private final MissingCachePolicy missing;
  private final List<String> allowedClasses;
  private final boolean statistics;
  private final Consumer<Cache<Object, Object>> onEachCache;

  public RegionCaches(CacheManager manager, MissingCachePolicy missing,
      Collection<String> allowedClasses, boolean statistics,
      Consumer<Cache<Object, Object>> onEachCache) {
    this.manager = manager;
    this.missing = missing;
    this.allowedClasses = new ArrayList<>(HibernateClasses.ALLOWED);
    this.allowedClasses.addAll(allowedClasses);
    this.statistics = statistics;
    this.onEachCache = onEachCache;
    var probe = new Properties();
    probe.putAll(manager.getProperties());
    probe.setProperty("strata.caches." + DEFAULTS_PROBE + ".key-type", "java.lang.Object");
    boolean isDefault = "strata:default".equals(manager.getURI().toString());
    this.declared = DeclaredCaches.load(manager.getURI(), isDefault, manager.getClassLoader(),
        manager.getProperties());
    this.defaults = DeclaredCaches.load(manager.getURI(), isDefault, manager.getClassLoader(),
        probe).configuration(DEFAULTS_PROBE, manager.getClassLoader());
  }

  /** Allows, in caches made from now on, the classes of the packages of these model roles. */
  public synchronized void allowModelPackages(Collection<String> roles, boolean collections) {
    for (String role : roles) {
      String pattern = HibernateClasses.packageOf(role, collections);
      if (pattern != null && !allowedClasses.contains(pattern)) {
        allowedClasses.add(pattern);
      }
    }
  }

  /** The cache of {@code regionName}, created on first use. */
  public synchronized Cache<Object, Object> cacheOf(String regionName) {
    Cache<Object, Object> cache = existing(regionName);
    if (cache == null) {
      cache = create(regionName);
    }
    onEachCache.accept(cache);
    return cache;
  }

  private Cache<Object, Object> existing(String regionName) {
    for (String name : manager.getCacheNames()) {
      if (name.equals(regionName)) {
        return manager.getCache(regionName);
      }
    }
    return null;
  }

  private Cache<Object, Object> create(String regionName) {
    StrataConfiguration<Object, Object> configuration;
    if (declared.contains(regionName)) {
      configuration = declared.configuration(regionName, manager.getClassLoader());
    } else {
      configuration = undeclared(regionName);
    }
    configuration.setTypes(Object.class, Object.class);
    configuration.addAllowedClasses(allowedClasses.toArray(String[]::new));
    if (manager.unwrap(StrataCacheManager.class).storeTypeOf(configuration)
        == StoreType.EMBEDDED) {
      // Hibernate caches disassembled state, which it never changes and copies on every read:
      // an embedded region has nothing to protect by copying it again, on each put and get.
      configuration.setStoreByValue(false);
    }
    if (statistics) {
      configuration.setStatisticsEnabled(true);
      configuration.setManagementEnabled(true);
    }
    try {
      return manager.createCache(regionName, configuration);
    } catch (CacheException alreadyThere) {
      Cache<Object, Object> cache = existing(regionName);
      if (cache == null) {
        throw alreadyThere;
      }
      return cache;
    }
  }

  private StrataConfiguration<Object, Object> undeclared(String regionName) {
    String declareIt = "declare it in the Strata configuration (" + manager.getURI()
        + ") as strata.caches.\"" + regionName + "\" { ... }";
    switch (missing) {
      case FAIL -> throw new CacheException("Second-level cache region '" + regionName
          + "' has no Strata cache: " + declareIt + ", or set "
          + "hibernate.cache.strata.missing_cache_strategy to create or create-warn");
      case CREATE_WARN -> LOG.log(Level.WARNING, "Second-level cache region ''{0}'' has no"
          + " Strata cache declared; creating one from strata.defaults. To configure it, {1}",
          regionName, declareIt);
      case CREATE -> { }
    }
    return new StrataConfiguration<>(defaults);
  }
}
