package dev.strata.hibernate.access;

import dev.strata.hibernate.region.RegionStorage;
import java.util.Comparator;
import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

/** {@code READ_WRITE} access to cached entities; see {@link ReadWriteAccess}. */
public final class EntityReadWriteAccess extends ReadWriteAccess implements EntityDataAccess {
  private final CacheKeysFactory keys;
  private final Comparator<Object> versionComparator;

  public EntityReadWriteAccess(DomainDataRegion region, RegionStorage storage,
      CacheKeysFactory keys, EntityDataCachingConfig config) {
    super(region, storage);
    this.keys = keys;
    this.versionComparator = config.getVersionComparatorAccess() == null
        ? null : config.getVersionComparatorAccess().get();
  }

  @Override
  protected Comparator<Object> versionComparator() {
    return versionComparator;
  }

  @Override
  public Object generateCacheKey(Object id, EntityPersister rootEntityDescriptor,
      SessionFactoryImplementor factory, String tenantIdentifier) {
    return keys.createEntityKey(id, rootEntityDescriptor, factory, tenantIdentifier);
  }

  @Override
  public Object getCacheKeyId(Object cacheKey) {
    return keys.getEntityId(cacheKey);
  }

  /** Nothing before the transaction commits: other transactions must not read it yet. */
  @Override
  public boolean insert(SharedSessionContractImplementor session, Object key, Object value,
      Object version) {
    return false;
  }

  @Override
  public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value,
      Object version) {
    return putAfterInsert(key, value, version);
  }

  /** Nothing before the transaction commits: the soft lock keeps readers away meanwhile. */
  @Override
  public boolean update(SharedSessionContractImplementor session, Object key, Object value,
      Object currentVersion, Object previousVersion) {
    return false;
  }

  @Override
  public boolean afterUpdate(SharedSessionContractImplementor session, Object key, Object value,
      Object currentVersion, Object previousVersion, SoftLock lock) {
    return putAfterUpdate(key, value, currentVersion, lock);
  }
}
