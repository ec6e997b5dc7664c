package dev.strata.jcache.assembly;

import dev.strata.jcache.configuration.EntryWeigher;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.embedded.CaffeineStore;

/** Builds the {@link CaffeineStore} of an embedded cache, bounded by size or by weight. */
public final class EmbeddedStoreProvider implements StoreProvider {
  @Override
  public StoreType storeType() {
    return StoreType.EMBEDDED;
  }

  @Override
  public <K> Store<K> create(StoreRequest<K> request) {
    StrataConfiguration<K, ?> config = request.settings().configuration();
    CaffeineStore.Builder builder = CaffeineStore.builder()
        .journaled(config.getWriteBehind() != null)
        .ticker(request.settings().ticker())
        .expiring(!request.expiry().isEternal());
    if (config.getMaximumWeight() >= 0) {
      @SuppressWarnings("unchecked")
      EntryWeigher<Object, Object> weigher =
          (EntryWeigher<Object, Object>) config.getWeigherFactory().create();
      // the weigher is the application's: it weighs the caller's value, not the stored form
      builder.maximumWeight(config.getMaximumWeight(),
          (key, stored) -> weigher.weigh(key, request.copier().fromStored(stored)));
    } else if (config.getMaximumSize() >= 0) {
      builder.maximumSize(config.getMaximumSize());
    }
    return builder.build(request.listener());
  }
}
