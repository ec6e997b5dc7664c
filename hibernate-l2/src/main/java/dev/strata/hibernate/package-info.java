/**
 * Strata as the second-level cache of Hibernate ORM 7: {@link
 * dev.strata.hibernate.StrataRegionFactory}, selected by
 * {@code hibernate.cache.region.factory_class=strata}. Regions are Strata caches
 * ({@code region}); the read-write access strategies are Strata's own ({@code access}), and
 * timestamps come from one clock for all nodes ({@code time}).
 */
package dev.strata.hibernate;
