package dev.strata.jcache.store.embedded;

import dev.strata.jcache.codec.JavaSerializationCodec;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreContract;
import dev.strata.jcache.store.StoreListener;

/**
 * The store contract on the embedded store: it keeps time on the cache's ticker, holds every
 * entry in the heap and shares nothing with another store.
 */
class CaffeineStoreContractTest extends StoreContract {
  private final ValueCopier copier = ValueCopier.byValue(new JavaSerializationCodec(),
      getClass().getClassLoader());

  @Override
  protected Store<String> newStore(StoreListener<String> listener, boolean journaled) {
    return CaffeineStore.builder()
        .ticker(ticker)
        .expiring(true)
        .journaled(journaled)
        .maximumSize(1_000)
        .build(listener);
  }

  @Override
  protected ValueCopier copier() {
    return copier;
  }

  @Override
  protected boolean expiresOnTicker() {
    return true;
  }
}
