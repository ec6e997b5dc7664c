package dev.strata.hibernate.access;

import dev.strata.hibernate.region.RegionStorage;
import java.util.Comparator;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.NaturalIdDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

/** {@code READ_WRITE} access to natural-id to id mappings; see {@link ReadWriteAccess}. */
public final class NaturalIdReadWriteAccess extends ReadWriteAccess
    implements NaturalIdDataAccess {
  private final CacheKeysFactory keys;

  public NaturalIdReadWriteAccess(DomainDataRegion region, RegionStorage storage,
      CacheKeysFactory keys) {
    super(region, storage);
    this.keys = keys;
  }

  @Override
  protected Comparator<Object> versionComparator() {
    return null;
  }

  @Override
  public Object generateCacheKey(Object naturalIdValues, EntityPersister rootEntityDescriptor,
      SharedSessionContractImplementor session) {
    return keys.createNaturalIdKey(naturalIdValues, rootEntityDescriptor, session);
  }

  @Override
  public Object getNaturalIdValues(Object cacheKey) {
    return keys.getNaturalIdValues(cacheKey);
  }

  @Override
  public boolean insert(SharedSessionContractImplementor session, Object key, Object value) {
    return false;
  }

  @Override
  public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value) {
    return putAfterInsert(key, value, null);
  }

  @Override
  public boolean update(SharedSessionContractImplementor session, Object key, Object value) {
    return false;
  }

  @Override
  public boolean afterUpdate(SharedSessionContractImplementor session, Object key, Object value,
      SoftLock lock) {
    return putAfterUpdate(key, value, null, lock);
  }
}
