/** Finding the cache an annotated method works on: the default resolver and its factory. */
package dev.strata.cdi.resolver;
