/**
 * How an annotated method is read (the rules of the specification's annotations chapter) and
 * how one call to it is presented to resolvers and key generators.
 */
package dev.strata.cdi.method;
