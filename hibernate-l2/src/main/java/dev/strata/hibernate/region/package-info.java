/**
 * Hibernate regions over Strata caches: which cache backs each region, and the storage of
 * domain data, query results and update timestamps.
 */
package dev.strata.hibernate.region;
