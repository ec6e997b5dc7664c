package dev.strata.hibernate.access;

import dev.strata.hibernate.region.RegionStorage;
import java.util.Comparator;
import org.hibernate.cache.cfg.spi.CollectionDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.CollectionDataAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.collection.CollectionPersister;

/**
 * {@code READ_WRITE} access to cached collections; see {@link ReadWriteAccess}. A changed
 * collection is locked, then released, never rewritten: the next load caches its new state.
 */
public final class CollectionReadWriteAccess extends ReadWriteAccess
    implements CollectionDataAccess {
  private final CacheKeysFactory keys;
  private final Comparator<Object> versionComparator;

  public CollectionReadWriteAccess(DomainDataRegion region, RegionStorage storage,
      CacheKeysFactory keys, CollectionDataCachingConfig config) {
    super(region, storage);
    this.keys = keys;
    this.versionComparator = config.getOwnerVersionComparator();
  }

  @Override
  protected Comparator<Object> versionComparator() {
    return versionComparator;
  }

  @Override
  public Object generateCacheKey(Object id, CollectionPersister collectionDescriptor,
      SessionFactoryImplementor factory, String tenantIdentifier) {
    return keys.createCollectionKey(id, collectionDescriptor, factory, tenantIdentifier);
  }

  @Override
  public Object getCacheKeyId(Object cacheKey) {
    return keys.getCollectionId(cacheKey);
  }
}
