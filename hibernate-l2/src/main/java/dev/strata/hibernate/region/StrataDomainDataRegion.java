package dev.strata.hibernate.region;

import dev.strata.hibernate.access.CollectionReadWriteAccess;
import dev.strata.hibernate.access.EntityReadWriteAccess;
import dev.strata.hibernate.access.NaturalIdReadWriteAccess;
import org.hibernate.cache.CacheException;
import org.hibernate.cache.cfg.spi.CollectionDataCachingConfig;
import org.hibernate.cache.cfg.spi.DomainDataCachingConfig;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.cfg.spi.NaturalIdDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.ExtendedStatisticsSupport;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.access.CollectionDataAccess;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.NaturalIdDataAccess;
import org.hibernate.cache.spi.support.DomainDataRegionTemplate;

/**
 * A region of entities, collections and natural ids kept in one Strata cache. {@code READ_ONLY}
 * and {@code NONSTRICT_READ_WRITE} are Hibernate's own strategies over the cache;
 * {@code READ_WRITE} is Strata's ({@link dev.strata.hibernate.access.ReadWriteAccess}), whose
 * soft locks hold across nodes; {@code TRANSACTIONAL} is refused when the region is built, so
 * the application does not start with a cache that cannot keep its promise.
 */
public final class StrataDomainDataRegion extends DomainDataRegionTemplate
    implements ExtendedStatisticsSupport {

  public StrataDomainDataRegion(DomainDataRegionConfig config, RegionFactory factory,
      RegionStorage storage, CacheKeysFactory keys, DomainDataRegionBuildingContext context) {
    super(config, factory, storage, keys, context);
  }

  /** The region's storage (built before the access strategies, in the superclass). */
  public RegionStorage storage() {
    return (RegionStorage) getCacheStorageAccess();
  }

  @Override
  protected EntityDataAccess generateReadWriteEntityAccess(EntityDataCachingConfig config) {
    return new EntityReadWriteAccess(this, storage(), getEffectiveKeysFactory(), config);
  }

  @Override
  protected NaturalIdDataAccess generateReadWriteNaturalIdAccess(
      NaturalIdDataCachingConfig config) {
    return new NaturalIdReadWriteAccess(this, storage(), getEffectiveKeysFactory());
  }

  @Override
  public CollectionDataAccess generateCollectionAccess(CollectionDataCachingConfig config) {
    return switch (config.getAccessType()) {
      case READ_WRITE ->
          new CollectionReadWriteAccess(this, storage(), getEffectiveKeysFactory(), config);
      case TRANSACTIONAL -> throw transactionalRefused(config);
      default -> super.generateCollectionAccess(config);
    };
  }

  @Override
  protected EntityDataAccess generateTransactionalEntityDataAccess(
      EntityDataCachingConfig config) {
    throw transactionalRefused(config);
  }

  @Override
  protected NaturalIdDataAccess generateTransactionalNaturalIdDataAccess(
      NaturalIdDataCachingConfig config) {
    throw transactionalRefused(config);
  }

  private CacheException transactionalRefused(DomainDataCachingConfig config) {
    return new CacheException("Strata's second-level cache does not support TRANSACTIONAL"
        + " access (" + config.getNavigableRole().getFullPath() + ", region '" + getName()
        + "'): it does not enlist in JTA transactions. Use READ_WRITE, whose soft locks are"
        + " atomic in Redis and hold across nodes, or NONSTRICT_READ_WRITE or READ_ONLY");
  }

  /** Entries in this JVM's heap: the embedded cache's, or the near cache's; -1 if unknown. */
  @Override
  public long getElementCountInMemory() {
    return storage().heapEntryCount();
  }

  @Override
  public long getElementCountOnDisk() {
    return -1;
  }

  @Override
  public long getSizeInMemory() {
    return -1;
  }
}
