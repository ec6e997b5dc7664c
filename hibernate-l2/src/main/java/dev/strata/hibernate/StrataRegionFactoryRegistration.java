package dev.strata.hibernate;

import java.util.List;
import org.hibernate.boot.registry.selector.SimpleStrategyRegistrationImpl;
import org.hibernate.boot.registry.selector.StrategyRegistration;
import org.hibernate.boot.registry.selector.StrategyRegistrationProvider;
import org.hibernate.cache.spi.RegionFactory;

/**
 * Registers {@link StrataRegionFactory} under the short name {@code strata} (and its class
 * name), found by Hibernate through the service file, so that
 * {@code hibernate.cache.region.factory_class=strata} selects it.
 */
public final class StrataRegionFactoryRegistration implements StrategyRegistrationProvider {
  /** The short name of the region factory. */
  public static final String SHORT_NAME = "strata";

  @Override
  public Iterable<StrategyRegistration<?>> getStrategyRegistrations() {
    return List.of(new SimpleStrategyRegistrationImpl<>(RegionFactory.class,
        StrataRegionFactory.class, SHORT_NAME, StrataRegionFactory.class.getName(),
        StrataRegionFactory.class.getSimpleName()));
  }
}
