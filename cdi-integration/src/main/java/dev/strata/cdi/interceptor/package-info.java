/** The interceptors behind the caching annotations and the per-method state they share. */
package dev.strata.cdi.interceptor;
