package dev.strata.hibernate;

import dev.strata.hibernate.region.RegionCaches;
import dev.strata.hibernate.region.RegionStorage;
import dev.strata.hibernate.region.StrataDomainDataRegion;
import dev.strata.hibernate.region.TimestampsStorage;
import dev.strata.hibernate.time.CacheClock;
import dev.strata.hibernate.time.LocalCacheClock;
import dev.strata.hibernate.time.RedisCacheClock;
import dev.strata.jcache.StrataCache;
import dev.strata.jcache.StrataCachingProvider;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.cache.CacheException;
import org.hibernate.cache.cfg.spi.DomainDataCachingConfig;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.support.RegionFactoryTemplate;
import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Strata as Hibernate's second-level cache ({@code hibernate.cache.region.factory_class=strata}),
 * built on Strata's own API: each region is a Strata cache of the manager that
 * {@value StrataCacheSettings#URI} names, configured by Strata's configuration file under the
 * region's name, embedded or in Redis.
 *
 * <p>Three things differ from a plain JCache adapter, for regions several nodes share in Redis:
 * {@code READ_WRITE} soft locks are atomic steps in Redis rather than guarded by a lock of one
 * JVM; the update-timestamps region is always read from Redis, and a missing timestamp means
 * "changed now" rather than "never changed"; and timestamps come from the Redis server's clock,
 * not from each node's. See the module's README for each.
 *
 * <p>Hibernate's start-up keeps an exception thrown while the factory prepares itself until the
 * first region is built; this factory also logs it at once, as an error, so a bad Strata
 * configuration is seen where it happens.
 */
public class StrataRegionFactory extends RegionFactoryTemplate {
  private static final System.Logger LOG = System.getLogger(StrataRegionFactory.class.getName());

  private volatile CacheManager manager;
  private volatile RegionCaches caches;
  private volatile CacheClock clock = new LocalCacheClock();

  @Override
  protected void prepareForUse(SessionFactoryOptions options, Map<String, Object> configValues) {
    try {
      var settings = StrataCacheSettings.of(configValues);
      ClassLoader loader = classLoader();
      var provider = Caching.getCachingProvider(StrataCachingProvider.class.getName(), loader);
      CacheManager opened = provider.getCacheManager(settings.uri(), loader,
          settings.managerProperties());
      ManagerLeases.acquire(opened);
      try {
        caches = new RegionCaches(opened, settings.missingCachePolicy(),
            settings.allowedClasses(), settings.statistics(), this::useClockOf);
      } catch (RuntimeException e) {
        ManagerLeases.release(opened);
        throw e;
      }
      manager = opened;
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "Strata's second-level cache cannot start: " + e.getMessage(), e);
      throw e;
    }
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : StrataRegionFactory.class.getClassLoader();
  }

  /** The first cache in Redis switches the factory to the Redis server's clock. */
  private void useClockOf(Cache<Object, Object> cache) {
    if (clock instanceof RedisCacheClock) {
      return;
    }
    Optional<LongSupplier> server = cache.unwrap(StrataCache.class).serverClock();
    if (server.isEmpty()) {
      return;
    }
    synchronized (this) {
      if (!(clock instanceof RedisCacheClock)) {
        clock = RedisCacheClock.of(server.get());
      }
    }
  }

  @Override
  protected void releaseFromUse() {
    CacheManager opened = manager;
    manager = null;
    caches = null;
    if (opened != null) {
      ManagerLeases.release(opened);
    }
  }

  @Override
  public DomainDataRegion buildDomainDataRegion(DomainDataRegionConfig config,
      DomainDataRegionBuildingContext context) {
    verifyStarted();
    RegionCaches regions = caches;
    regions.allowModelPackages(roles(config.getEntityCaching()), false);
    regions.allowModelPackages(roles(config.getNaturalIdCaching()), false);
    regions.allowModelPackages(roles(config.getCollectionCaching()), true);
    var storage = new RegionStorage(regions.cacheOf(config.getRegionName()));
    return new StrataDomainDataRegion(config, this, storage, getImplicitCacheKeysFactory(),
        context);
  }

  private static Set<String> roles(
      List<? extends DomainDataCachingConfig> configs) {
    return configs.stream().map(c -> c.getNavigableRole().getFullPath())
        .collect(Collectors.toSet());
  }

  @Override
  protected StorageAccess createQueryResultsRegionStorageAccess(String regionName,
      SessionFactoryImplementor factory) {
    verifyStarted();
    return new RegionStorage(caches.cacheOf(regionName));
  }

  @Override
  protected StorageAccess createTimestampsRegionStorageAccess(String regionName,
      SessionFactoryImplementor factory) {
    verifyStarted();
    return new TimestampsStorage(caches.cacheOf(regionName), this::nextTimestamp);
  }

  /** From the Redis server's clock once a region is in Redis, else from this JVM's. */
  @Override
  public long nextTimestamp() {
    return clock.next();
  }

  /** Soft locks and pre-invalidations last at most a minute, in timestamp units. */
  @Override
  public long getTimeout() {
    return CacheClock.millis(60_000);
  }

  /** The cache manager holding the regions, while the factory is started. */
  public CacheManager cacheManager() {
    CacheManager opened = manager;
    if (opened == null) {
      throw new CacheException("Strata's region factory is not started");
    }
    return opened;
  }

  /** The clock of the factory's timestamps. */
  public CacheClock clock() {
    return clock;
  }
}
