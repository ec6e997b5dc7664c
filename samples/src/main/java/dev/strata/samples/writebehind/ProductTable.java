package dev.strata.samples.writebehind;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The system of record of the sample: an in-memory H2 database holding one {@code product}
 * table, whose names a {@code CHECK} constraint keeps to 40 characters until
 * {@link #allowLongerNames()} widens it, so the sample can show a row the database refuses and
 * then accepts. A {@code write_behind_fence} table keeps, per cache, the highest fencing token
 * a write-behind batch was written with (see {@link JdbcCacheWriter}).
 */
final class ProductTable {
  static final int FIRST_LIMIT = 40;

  private final JdbcDataSource database = new JdbcDataSource();

  ProductTable() throws SQLException {
    this("products");
  }

  /** A database of its own, by name, so that several can live in one JVM. */
  ProductTable(String name) throws SQLException {
    // DB_CLOSE_DELAY=-1 keeps the in-memory database while no connection is open.
    database.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    execute("CREATE TABLE product (id BIGINT PRIMARY KEY, name VARCHAR(200) NOT NULL,"
        + " CONSTRAINT name_length CHECK (CHAR_LENGTH(name) <= " + FIRST_LIMIT + "))");
    // the highest fencing token a write-behind flusher has written with, per cache
    execute("CREATE TABLE write_behind_fence (cache VARCHAR(200) PRIMARY KEY, epoch BIGINT NOT"
        + " NULL)");
  }

  /** A fence row for the cache, at zero: any flusher's first batch raises it. */
  void addFence(String cacheName) throws SQLException {
    try (Connection connection = database.getConnection();
        var statement = connection.prepareStatement(
            "INSERT INTO write_behind_fence (cache, epoch) VALUES (?, 0)")) {
      statement.setString(1, cacheName);
      statement.executeUpdate();
    }
  }

  DataSource dataSource() {
    return database;
  }

  /** Every row, by id. */
  Map<Long, String> rows() throws SQLException {
    Map<Long, String> rows = new TreeMap<>();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT id, name FROM product")) {
      while (result.next()) {
        rows.put(result.getLong(1), result.getString(2));
      }
    }
    return rows;
  }

  /** The schema fix: names up to 200 characters. */
  void allowLongerNames() throws SQLException {
    execute("ALTER TABLE product DROP CONSTRAINT name_length");
    execute("ALTER TABLE product ADD CONSTRAINT name_length CHECK (CHAR_LENGTH(name) <= 200)");
  }

  /** Drops the database. */
  void shutdown() throws SQLException {
    execute("SHUTDOWN");
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
