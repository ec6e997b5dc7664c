package dev.strata.samples.hibernate;

import java.math.BigDecimal;
import org.hibernate.SessionFactory;

/** The catalogue's data access: each method is one transaction. */
public final class ProductRepository {
  private final SessionFactory sessions;

  public ProductRepository(SessionFactory sessions) {
    this.sessions = sessions;
  }

  public void save(Product product) {
    sessions.inTransaction(session -> session.persist(product));
  }

  public Product findById(long id) {
    return sessions.fromTransaction(session -> session.find(Product.class, id));
  }

  public void changePrice(long id, BigDecimal price) {
    sessions.inTransaction(session -> session.find(Product.class, id).setPrice(price));
  }
}
