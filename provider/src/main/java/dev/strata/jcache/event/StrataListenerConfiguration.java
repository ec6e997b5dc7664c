package dev.strata.jcache.event;

import java.util.Objects;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListener;

/**
 * A listener configuration with Strata's own option: whether the listener hears only of changes
 * made through this cache instance, or also of changes other JVMs (and other cache managers)
 * make to a cache they share through Redis. Plain JCache configurations hear of both.
 */
public class StrataListenerConfiguration<K, V> extends MutableCacheEntryListenerConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  private boolean localOnly;

  public StrataListenerConfiguration(
      Factory<? extends CacheEntryListener<? super K, ? super V>> listenerFactory,
      Factory<? extends CacheEntryEventFilter<? super K, ? super V>> filterFactory,
      boolean oldValueRequired, boolean synchronous) {
    super(listenerFactory, filterFactory, oldValueRequired, synchronous);
  }

  public StrataListenerConfiguration(CacheEntryListenerConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof StrataListenerConfiguration) {
      this.localOnly = ((StrataListenerConfiguration<K, V>) configuration).localOnly;
    }
  }

  /** Whether only changes made through this cache instance reach the listener. */
  public boolean isLocalOnly() {
    return localOnly;
  }

  public StrataListenerConfiguration<K, V> setLocalOnly(boolean value) {
    this.localOnly = value;
    return this;
  }

  /** Whether a registration of this configuration hears of other JVMs' changes. */
  static boolean hearsRemote(CacheEntryListenerConfiguration<?, ?> configuration) {
    return !(configuration instanceof StrataListenerConfiguration)
        || !((StrataListenerConfiguration<?, ?>) configuration).localOnly;
  }

  @Override
  public boolean equals(Object other) {
    return super.equals(other) && (!(other instanceof StrataListenerConfiguration)
        || ((StrataListenerConfiguration<?, ?>) other).localOnly == localOnly);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), localOnly);
  }
}
