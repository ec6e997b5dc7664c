package dev.strata.hibernate.access;

import dev.strata.hibernate.region.RegionStorage;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.cache.spi.access.CachedDomainDataAccess;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.cache.spi.support.AbstractDomainDataRegion;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * {@code READ_WRITE} access, correct across nodes that share the region in Redis.
 *
 * <p>Hibernate's own read-write support reads an entry, decides and writes it back under a
 * lock of this JVM, which keeps nothing out of another node's way. Here every read-decide-write
 * (take a soft lock, release it, put a loaded value, put an updated one) is one atomic step of
 * the cache ({@link RegionStorage#update}, an entry processor that Strata runs as an optimistic
 * compare-and-set in Redis), so a lock taken on node A is seen by node B's very next step, and
 * two nodes never both win the same entry.
 *
 * <p>A put-from-load that read the database before a concurrent change committed cannot put
 * the old state back: the change leaves its released soft lock in the entry, stamped with the
 * time it was released, and the load is refused unless its transaction started after that time
 * (or carries a newer version). Reads go to the store of record, never to a near cache, so an
 * update committed on one node is what another node's next load finds.
 */
public abstract class ReadWriteAccess
    implements CachedDomainDataAccess, AbstractDomainDataRegion.Destructible {
  private static final SoftLock REGION_LOCK = new SoftLock() {};

  private final DomainDataRegion region;
  private final RegionStorage storage;
  private final UUID source = UUID.randomUUID();
  private final AtomicLong sequence = new AtomicLong();

  protected ReadWriteAccess(DomainDataRegion region, RegionStorage storage) {
    this.region = region;
    this.storage = storage;
  }

  /** Orders versions of the cached data, or null when it has none. */
  protected abstract Comparator<Object> versionComparator();

  @Override
  public DomainDataRegion getRegion() {
    return region;
  }

  @Override
  public AccessType getAccessType() {
    return AccessType.READ_WRITE;
  }

  protected RegionStorage storage() {
    return storage;
  }

  @Override
  public Object get(SharedSessionContractImplementor session, Object key) {
    Object stored = storage.readThrough(key);
    return stored instanceof CachedItem item && item.isReadable(startOf(session))
        ? item.value() : null;
  }

  @Override
  public boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value,
      Object version) {
    return putFromLoad(session, key, value, version, false);
  }

  @Override
  public boolean putFromLoad(SharedSessionContractImplementor session, Object key, Object value,
      Object version, boolean minimalPutOverride) {
    long start = startOf(session);
    // the item is readable by transactions that start after it is put, as in Hibernate's own
    // read-write access: one that began before may have read older state from the database
    long cachedAt = nextTimestamp();
    Comparator<Object> comparator = versionComparator();
    return storage.update(key, entry -> {
      Lockable current = lockable(entry.getValue());
      if (current != null && (minimalPutOverride && version == null
          || !current.isWriteable(start, version, comparator))) {
        return false;
      }
      entry.setValue(new CachedItem(value, version, cachedAt));
      return true;
    });
  }

  @Override
  public SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version) {
    long timeout = nextTimestamp() + region.getRegionFactory().getTimeout();
    LockId id = new LockId(source, sequence.getAndIncrement());
    return storage.update(key, entry -> {
      Lockable current = lockable(entry.getValue());
      SoftLockEntry lock = current == null
          ? SoftLockEntry.taken(id, version, timeout) : current.lock(timeout, id);
      entry.setValue(lock);
      return lock;
    });
  }

  @Override
  public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
    long now = nextTimestamp();
    SoftLockEntry lost = expired(now);
    storage.update(key, entry -> {
      entry.setValue(entry.getValue() instanceof SoftLockEntry held && held.isUnlockable(lock)
          ? held.unlock(now) : lost);
      return null;
    });
  }

  /**
   * The entry after a transaction's change whose lock was lost (it timed out and was replaced):
   * a released lock that refuses every load begun before now, as the lock would have.
   */
  protected SoftLockEntry expired(long now) {
    return SoftLockEntry.released(new LockId(source, sequence.getAndIncrement()), now);
  }

  /**
   * Replaces the transaction's lock with the new state after a successful change; or, when
   * another transaction locked the entry too, just releases this transaction's hold, since
   * which state is newest is not known.
   */
  protected boolean putAfterUpdate(Object key, Object value, Object version, SoftLock lock) {
    long now = nextTimestamp();
    SoftLockEntry lost = expired(now);
    return storage.update(key, entry -> {
      if (entry.getValue() instanceof SoftLockEntry held && held.isUnlockable(lock)) {
        if (held.concurrent()) {
          entry.setValue(held.unlock(now));
          return false;
        }
        entry.setValue(new CachedItem(value, version, now));
        return true;
      }
      entry.setValue(lost);
      return false;
    });
  }

  /** Caches a newly inserted state unless the key has an entry already. */
  protected boolean putAfterInsert(Object key, Object value, Object version) {
    long now = nextTimestamp();
    return storage.update(key, entry -> {
      if (entry.exists()) {
        return false;
      }
      entry.setValue(new CachedItem(value, version, now));
      return true;
    });
  }

  /** Removes the entry, unless a soft lock is in it: the lock must stay until released. */
  @Override
  public void remove(SharedSessionContractImplementor session, Object key) {
    storage.update(key, entry -> {
      if (entry.exists() && !(entry.getValue() instanceof SoftLockEntry)) {
        entry.remove();
      }
      return null;
    });
  }

  /** Nothing: the soft locks taken around a change must survive it. */
  @Override
  public void removeAll(SharedSessionContractImplementor session) {}

  @Override
  public boolean contains(Object key) {
    return storage.contains(key);
  }

  @Override
  public SoftLock lockRegion() {
    return REGION_LOCK;
  }

  @Override
  public void unlockRegion(SoftLock lock) {
    evictAll();
  }

  @Override
  public void evict(Object key) {
    storage.evictData(key);
  }

  @Override
  public void evictAll() {
    storage.evictData();
  }

  @Override
  public void destroy() {
    storage.release();
  }

  protected long nextTimestamp() {
    return region.getRegionFactory().nextTimestamp();
  }

  private static long startOf(SharedSessionContractImplementor session) {
    return session.getCacheTransactionSynchronization().getCachingTimestamp();
  }

  /** A value of another access type (a region shared with one) counts as absent. */
  private static Lockable lockable(Object stored) {
    return stored instanceof Lockable lockable ? lockable : null;
  }
}
