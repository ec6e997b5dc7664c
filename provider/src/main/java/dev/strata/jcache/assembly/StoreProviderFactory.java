package dev.strata.jcache.assembly;

import java.util.List;

/**
 * Where store providers beyond the embedded one come from: a module of its own (the Redis tier,
 * {@code strata-redis}) registers an implementation as a {@link java.util.ServiceLoader} service,
 * and each cache manager asks it once for the providers that serve its caches. An application
 * without such a module has embedded caches only, and needs none of the module's dependencies.
 */
public interface StoreProviderFactory {
  /** The providers of one cache manager; each is {@link StoreProvider#close closed} with it. */
  List<StoreProvider> providers(ManagerResources manager);
}
