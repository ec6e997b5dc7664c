package dev.strata.hibernate;

import dev.strata.hibernate.model.Author;
import dev.strata.hibernate.model.Book;
import dev.strata.hibernate.model.Country;
import dev.strata.hibernate.model.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;

/**
 * One application node for tests: a SessionFactory on a shared H2 in-memory database, with
 * Strata as its second-level cache. Two nodes on one Redis stand for two JVMs.
 */
final class Node implements AutoCloseable {
  final SessionFactory factory;

  private Node(SessionFactory factory) {
    this.factory = factory;
  }

  static Builder builder(String database) {
    return new Builder(database);
  }

  static final class Builder {
    private final Map<String, String> settings = new LinkedHashMap<>();

    private Builder(String database) {
      settings.put("hibernate.connection.url", "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
      settings.put("hibernate.connection.username", "sa");
      settings.put("hibernate.connection.pool_size", "4");
      settings.put("hibernate.hbm2ddl.auto", "update");
      settings.put("hibernate.cache.use_second_level_cache", "true");
      settings.put("hibernate.cache.use_query_cache", "true");
      settings.put("hibernate.cache.region.factory_class", "strata");
      settings.put("hibernate.cache.strata.missing_cache_strategy", "create");
      settings.put("hibernate.generate_statistics", "true");
    }

    Builder set(String name, String value) {
      settings.put(name, value);
      return this;
    }

    /** Caches in the Redis at {@code address}, in {@code namespace}, as manager {@code uri}. */
    Builder redis(String address, String namespace, String uri) {
      return set(StrataCacheSettings.URI, uri).set("strata.redis.addresses", address)
          .set("strata.redis.namespace", namespace).set("strata.defaults.store", "redis");
    }

    Node build() {
      var configuration = new Configuration();
      configuration.addAnnotatedClass(Book.class).addAnnotatedClass(Author.class)
          .addAnnotatedClass(Country.class).addAnnotatedClass(Tag.class);
      settings.forEach(configuration::setProperty);
      return new Node(configuration.buildSessionFactory());
    }
  }

  <T> T inTransaction(Function<Session, T> work) {
    return factory.fromTransaction(work);
  }

  void run(Consumer<Session> work) {
    factory.inTransaction(work);
  }

  /** The node's Strata region factory. */
  StrataRegionFactory regionFactory() {
    return (StrataRegionFactory) factory.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)
        .getCache().getRegionFactory();
  }

  Statistics statistics() {
    return factory.getStatistics();
  }

  /** Statements prepared so far: the SQL the node sent. */
  long statements() {
    return factory.getStatistics().getPrepareStatementCount();
  }

  @Override
  public void close() {
    factory.close();
  }
}
