package dev.strata.jcache.store.redis;

import dev.strata.jcache.configuration.RedisSettings;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.cache.CacheException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns a failure to connect to Redis into a {@link CacheException} that says which of the usual
 * causes it was — an untrusted certificate, refused credentials, nothing listening, no answer —
 * and what to change, since Redisson's own message ("Unable to connect to Redis server") is the
 * same for all of them.
 *
 * <p>No secret of the settings (password, trust store password, a password inside an address)
 * appears in the message, nor in any message of the cause chain: where Redisson or the JDK put
 * one there, the chain is replaced by copies with the secret masked.
 */
final class ConnectFailure {
  static final String MASK = "******";
  /**
   * The permissions a Strata ACL user needs, for database 0 (another database's expiry
   * channel names it): docs/configuration.md gives the same rules.
   */
  static final String ACL_RULES = "~strata:* ~{*}strata#* &strata:* &__keyevent@0__:expired"
      + " &__keyevent@0__:evicted +@read +@write +@keyspace +@scripting +@pubsub +ping";

  private ConnectFailure() {}

  static CacheException of(RedisSettings settings, Throwable failure) {
    List<String> secrets = settings.secrets();
    String message = "Cannot connect to " + settings + ": " + explain(settings, failure)
        + " (" + scrub(innermost(failure), secrets) + ")";
    return new CacheException(message, scrubbed(failure, secrets));
  }

  private static String explain(RedisSettings settings, Throwable failure) {
    String trustStore = settings.trustStore() == null
        ? "the JVM's default trust store; name the CA's trust store in strata.redis.trust-store"
        : "strata.redis.trust-store (" + settings.trustStore() + ")";
    if (has(failure, CertPathValidatorException.class)
        || (has(failure, SSLHandshakeException.class) && mentions(failure, "PKIX"))) {
      return "the server's TLS certificate is not trusted: the CA that signed it is not in "
          + trustStore;
    }
    if (has(failure, CertificateException.class) && (mentions(failure, "subject alternative")
        || mentions(failure, "No name matching"))) {
      return "the server's TLS certificate does not name the host of the address: use a host"
          + " name or IP address that the certificate lists";
    }
    if (mentions(failure, "WRONGPASS") || mentions(failure, "invalid username-password")) {
      return "Redis refused the username or password (WRONGPASS): check strata.redis.username"
          + " and strata.redis.password";
    }
    if (mentions(failure, "NOAUTH")) {
      return "Redis requires a login (NOAUTH): set strata.redis.username and"
          + " strata.redis.password";
    }
    if (mentions(failure, "NOPERM")) {
      return "Redis denied user " + (settings.username() == null ? "default" : settings.username())
          + " a permission Strata needs (NOPERM): its ACL must allow " + ACL_RULES;
    }
    if (has(failure, ConnectException.class)) {
      return refused(settings.displayAddresses().toString());
    }
    if (has(failure, UnknownHostException.class)) {
      return "a host name in " + settings.displayAddresses() + " is unknown";
    }
    if (isTls(settings) && (has(failure, SSLException.class) || mentions(failure, "handshake"))) {
      return "the TLS handshake failed: if the server does not use TLS, use redis:// addresses"
          + " instead of rediss://";
    }
    if (timedOut(failure)) {
      return "Redis did not answer within " + settings.timeout().toMillis() + " ms"
          + (isTls(settings) ? "" : "; if the server accepts only TLS connections, use"
              + " rediss:// addresses and strata.redis.trust-store");
    }
    return "Redis could not be reached";
  }

  private static String refused(String address) {
    return "nothing is listening at " + address + " (connection refused)";
  }

  private static boolean timedOut(Throwable failure) {
    return mentions(failure, "timeout") || mentions(failure, "timed out");
  }

  /**
   * Why a command did not reach a node, in the words of the connect-time failures: "timed out
   * after 3000 ms", "connection refused, nothing is listening there", "the connection was
   * closed", or "could not be reached".
   *
   * @param timeoutMillis the command timeout, or -1 when it is not known
   */
  static String reason(Throwable failure, long timeoutMillis) {
    if (has(failure, ConnectException.class) || mentions(failure, "connection refused")) {
      return "connection refused, nothing is listening there";
    }
    if (timedOut(failure)) {
      return "timed out" + (timeoutMillis < 0 ? "" : " after " + timeoutMillis + " ms");
    }
    if (has(failure, ClosedChannelException.class)
        || mentions(failure, "closed")) {
      return "the connection was closed";
    }
    return "could not be reached";
  }

  /** The innermost cause, short: no command parameters, no channel, at most 200 characters. */
  static String brief(Throwable failure) {
    String text = innermost(failure);
    for (String cut : new String[] {", params:", ", command:", " for command:", ". channel:"}) {
      int at = text.indexOf(cut);
      if (at >= 0) {
        text = text.substring(0, at);
      }
    }
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static boolean isTls(RedisSettings settings) {
    return settings.addresses().stream().anyMatch(address -> address.startsWith("rediss://"));
  }

  private static boolean has(Throwable failure, Class<? extends Throwable> type) {
    return chain(failure).stream().anyMatch(type::isInstance);
  }

  /**
   * The words for a command Redis refused because the ACL user lacks a permission, or
   * {@code null} for any other failure: what Redis said, and the rules that are enough.
   */
  static String permissionDenied(Throwable failure) {
    String said = brief(failure);
    int inScript = said.indexOf("can't run this command or subcommand");
    if (inScript >= 0) {
      int line = said.indexOf("@user_script:");
      return "Redis denied the ACL user a command that a Strata script runs (NOPERM"
          + (line >= 0 ? ", script line " + said.substring(line + 13).replaceAll("\\D.*", "")
              : "")
          + "): the user needs " + ACL_RULES + " (see strata.redis.username in the"
          + " configuration reference)";
    }
    if (!mentions(failure, "NOPERM")) {
      return null;
    }
    int at = said.indexOf("NOPERM");
    said = at >= 0 ? said.substring(at) : said;
    // inside a script Redis's reply ends with the script's name and line, which Redisson
    // prints as a buffer: the sentence before it is what the user needs
    for (String cut : new String[] {" script:", ". script:", ", UnpooledHeapByteBuf", " ByteBuf"}) {
      int end = said.indexOf(cut);
      if (end >= 0) {
        said = said.substring(0, end);
      }
    }
    return "Redis denied the ACL user a permission Strata needs (" + said.trim() + "): the"
        + " user needs " + ACL_RULES + " (see strata.redis.username in the configuration"
        + " reference)";
  }

  private static boolean mentions(Throwable failure, String text) {
    String wanted = text.toLowerCase(Locale.ROOT);
    for (Throwable cause : chain(failure)) {
      if (cause.getMessage() != null
          && cause.getMessage().toLowerCase(Locale.ROOT).contains(wanted)) {
        return true;
      }
      if (cause.getClass().getSimpleName().toLowerCase(Locale.ROOT).contains(wanted)) {
        return true;
      }
    }
    return false;
  }

  /** The failure, its causes and what they suppressed, each once (chains may loop). */
  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> found = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(failure, found, seen);
    return found;
  }

  private static void collect(Throwable failure, List<Throwable> found, Set<Throwable> seen) {
    if (failure == null || !seen.add(failure)) {
      return;
    }
    found.add(failure);
    for (Throwable suppressed : failure.getSuppressed()) {
      collect(suppressed, found, seen);
    }
    collect(failure.getCause(), found, seen);
  }

  /**
   * The deepest cause, which names what went wrong ("WRONGPASS ...", "Connection refused"),
   * without the channel and command details Redisson appends to it.
   */
  private static String innermost(Throwable failure) {
    Throwable cause = failure;
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    while (cause.getCause() != null && seen.add(cause)) {
      cause = cause.getCause();
    }
    String text = String.valueOf(cause.getMessage());
    int details = text.indexOf(". channel:");
    if (details >= 0) {
      text = text.substring(0, details + 1);
    }
    return cause.getClass().getSimpleName() + ": " + text;
  }

  static String scrub(String text, List<String> secrets) {
    if (text == null) {
      return null;
    }
    String clean = text;
    for (String secret : secrets) {
      clean = clean.replace(secret, MASK);
    }
    return clean;
  }

  /** The failure itself if no message in it holds a secret, else a masked copy of it. */
  private static Throwable scrubbed(Throwable failure, List<String> secrets) {
    boolean clean = chain(failure).stream()
        .allMatch(cause -> String.valueOf(cause.getMessage()).equals(
            String.valueOf(scrub(cause.getMessage(), secrets))));
    return clean ? failure : copy(failure, secrets, Collections.newSetFromMap(
        new IdentityHashMap<>()));
  }

  private static Throwable copy(Throwable failure, List<String> secrets, Set<Throwable> seen) {
    if (failure == null || !seen.add(failure)) {
      return null;
    }
    var copy = new MaskedFailure(failure.getClass().getName() + ": "
        + scrub(failure.getMessage(), secrets), copy(failure.getCause(), secrets, seen));
    copy.setStackTrace(failure.getStackTrace());
    for (Throwable suppressed : failure.getSuppressed()) {
      Throwable masked = copy(suppressed, secrets, seen);
      if (masked != null) {
        copy.addSuppressed(masked);
      }
    }
    return copy;
  }

  /** Stands in for a failure whose message held a secret: its class name, masked message. */
  static final class MaskedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MaskedFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
