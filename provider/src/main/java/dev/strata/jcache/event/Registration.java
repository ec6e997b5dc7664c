package dev.strata.jcache.event;

import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * A registered listener with its filter, the event types it handles and, for an asynchronous
 * one, the serial executor that keeps its events in order.
 */
final class Registration<K, V> {
  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;
  private final Executor serialExecutor;
  private final Executor remoteExecutor;
  private final boolean hearsRemote;
  private final int types;

  Registration(CacheEntryListenerConfiguration<K, V> configuration, Executor asyncExecutor) {
    this.configuration = configuration;
    this.listener = configuration.getCacheEntryListenerFactory().create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
    this.serialExecutor = configuration.isSynchronous() ? null : new SerialExecutor(asyncExecutor);
    this.remoteExecutor = serialExecutor != null ? serialExecutor : new SerialExecutor(asyncExecutor);
    this.hearsRemote = StrataListenerConfiguration.hearsRemote(configuration);
    this.types = typesOf(listener);
  }

  private static int typesOf(CacheEntryListener<?, ?> listener) {
    int bits = 0;
    if (listener instanceof CacheEntryCreatedListener) {
      bits |= bit(EventType.CREATED);
    }
    if (listener instanceof CacheEntryUpdatedListener) {
      bits |= bit(EventType.UPDATED);
    }
    if (listener instanceof CacheEntryRemovedListener) {
      bits |= bit(EventType.REMOVED);
    }
    if (listener instanceof CacheEntryExpiredListener) {
      bits |= bit(EventType.EXPIRED);
    }
    return bits;
  }

  static int bit(EventType type) {
    return 1 << type.ordinal();
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  CacheEntryListener<? super K, ? super V> listener() {
    return listener;
  }

  boolean handles(EventType type) {
    return (types & bit(type)) != 0;
  }

  int types() {
    return types;
  }

  boolean isSynchronous() {
    return serialExecutor == null;
  }

  Executor serialExecutor() {
    return serialExecutor;
  }

  /**
   * Where events of other JVMs' changes are delivered: no caller waits for them, so a
   * synchronous listener receives them in order on the event executor, as an asynchronous one
   * does.
   */
  Executor remoteExecutor() {
    return remoteExecutor;
  }

  boolean hearsRemote() {
    return hearsRemote;
  }

  boolean wantsOldValue() {
    return configuration.isOldValueRequired();
  }

  @SuppressWarnings("unchecked")
  void deliver(StrataCacheEntryEvent<K, V> event) {
    StrataCacheEntryEvent<K, V> visible = wantsOldValue() ? event : event.withoutOldValue();
    if (filter != null && !filter.evaluate(visible)) {
      return;
    }
    var events = List.<CacheEntryEvent<? extends K, ? extends V>>of(visible);
    switch (event.getEventType()) {
      case CREATED:
        ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
        break;
      case UPDATED:
        ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
        break;
      case REMOVED:
        ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
        break;
      case EXPIRED:
        ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
        break;
      default:
        throw new IllegalStateException("Unknown event type " + event.getEventType());
    }
  }
}
