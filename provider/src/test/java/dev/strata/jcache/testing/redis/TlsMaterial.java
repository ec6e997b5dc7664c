package dev.strata.jcache.testing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority and a server certificate it signed, for a TLS Redis server.
 *
 * <p>The server certificate names {@code 127.0.0.1} (IP) and {@code localhost} (DNS), so clients
 * that check the server's name — Java clients do by default — accept it on either address. Keys
 * are EC P-256 (fast to generate) and valid for two days. Generated at test time so no key or
 * certificate is ever committed, or expires in the repository.
 *
 * <p>With {@code openssl} on the machine, it makes the PEM files the server reads; otherwise
 * the JDK's {@code keytool} makes them (the private key leaves keytool's PKCS#12 store through
 * the Java KeyStore API, as PKCS#8 PEM). Either way the CA also goes into a PKCS#12 trust store
 * ({@link #trustStore()}, password {@link #trustStorePassword()}) for Java clients.
 */
public final class TlsMaterial {
  private static final String TRUST_STORE_PASSWORD = "strata-test";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final String DAYS = "2";

  private final Path directory;
  private volatile SSLContext sslContext;

  private TlsMaterial(Path directory) {
    this.directory = directory;
  }

  /**
   * Generates the files into {@code directory} (created if needed) with {@code openssl} if this
   * machine has it, else with {@code keytool}.
   */
  public static TlsMaterial generate(Path directory) {
    Optional<Path> openssl = Executables.openssl();
    return openssl.isPresent()
        ? generateWithOpenssl(directory, openssl.get())
        : generateWithKeytool(directory);
  }

  /** Generates the files with {@code openssl} (1.1.1 or later). */
  static TlsMaterial generateWithOpenssl(Path directory, Path openssl) {
    TlsMaterial material = new TlsMaterial(createDirectory(directory));
    Path log = material.log();
    String exe = openssl.toString();
    write(directory.resolve("server-extensions.cnf"),
        "subjectAltName = IP:127.0.0.1, DNS:localhost\n"
            + "basicConstraints = critical, CA:FALSE\n"
            + "keyUsage = critical, digitalSignature\n"
            + "extendedKeyUsage = serverAuth\n");
    // The CA: a self-signed certificate marked as a CA, else clients would not trust what it
    // signs.
    Command.run(directory, log, COMMAND_TIMEOUT, exe, "req", "-x509", "-new",
        "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca.key", "-out", "ca.crt", "-days", DAYS, "-subj", "/CN=Strata test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign").requireSuccess();
    Command.run(directory, log, COMMAND_TIMEOUT, exe, "req", "-new",
        "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost").requireSuccess();
    // A random serial, so no serial file is needed.
    Command.run(directory, log, COMMAND_TIMEOUT, exe, "x509", "-req", "-in", "server.csr",
        "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", randomSerial(), "-days", DAYS,
        "-extfile", "server-extensions.cnf", "-out", "server.crt").requireSuccess();
    material.writeTrustStore();
    return material;
  }

  /** Generates the files with the JDK's {@code keytool}, for machines without openssl. */
  static TlsMaterial generateWithKeytool(Path directory) {
    TlsMaterial material = new TlsMaterial(createDirectory(directory));
    Path log = material.log();
    String password = TRUST_STORE_PASSWORD;
    // Each keytool run is a JVM start; these options halve it (no optimizing JIT for a
    // short-lived tool, the class-data archive, the smallest GC).
    List<String> keytool = List.of(Executables.keytool().toString(),
        "-J-XX:TieredStopAtLevel=1", "-J-Xshare:auto", "-J-XX:+UseSerialGC");
    keytool(directory, log, keytool, "-genkeypair", "-alias", "ca",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Strata test CA",
        "-validity", DAYS, "-ext", "bc:c=ca:true", "-ext", "ku:c=keyCertSign,cRLSign",
        "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", password);
    keytool(directory, log, keytool, "-genkeypair", "-alias", "server",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-validity", DAYS, "-keystore", "server.p12", "-storetype", "PKCS12",
        "-storepass", password);
    keytool(directory, log, keytool, "-certreq", "-alias", "server",
        "-keystore", "server.p12", "-storepass", password, "-file", "server.csr");
    keytool(directory, log, keytool, "-gencert", "-alias", "ca",
        "-keystore", "ca.p12", "-storepass", password, "-infile", "server.csr",
        "-outfile", "server.crt", "-rfc", "-validity", DAYS,
        "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "bc:c=ca:false",
        "-ext", "ku:c=digitalSignature", "-ext", "eku=serverAuth");
    // Redis reads PEM files. keytool cannot export a private key, and exporting the CA
    // certificate would be one more JVM start; the KeyStore API reads both.
    try {
      KeyStore ca = load(directory.resolve("ca.p12"), password);
      write(material.caCertificate(),
          pem("CERTIFICATE", ca.getCertificate("ca").getEncoded()));
      KeyStore server = load(directory.resolve("server.p12"), password);
      PrivateKey key = (PrivateKey) server.getKey("server", password.toCharArray());
      write(material.serverKey(), pem("PRIVATE KEY", key.getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the keys keytool made in " + directory, e);
    }
    material.writeTrustStore();
    return material;
  }

  /** The CA certificate (PEM), for {@code redis-cli --cacert} and PEM-reading clients. */
  public Path caCertificate() {
    return directory.resolve("ca.crt");
  }

  /** The server's certificate (PEM), signed by the CA. */
  public Path serverCertificate() {
    return directory.resolve("server.crt");
  }

  /** The server's private key (PEM, PKCS#8, unencrypted). */
  public Path serverKey() {
    return directory.resolve("server.key");
  }

  /** A PKCS#12 trust store holding only the CA certificate, for Java clients. */
  public Path trustStore() {
    return directory.resolve("truststore.p12");
  }

  /** The password of {@link #trustStore()}. */
  public String trustStorePassword() {
    return TRUST_STORE_PASSWORD;
  }

  /** The trust store's type, {@code PKCS12}. */
  public String trustStoreType() {
    return "PKCS12";
  }

  /** An SSL context that trusts the CA and nothing else. */
  public SSLContext sslContext() {
    SSLContext context = sslContext;
    if (context == null) {
      try (InputStream in = Files.newInputStream(trustStore())) {
        KeyStore store = KeyStore.getInstance(trustStoreType());
        store.load(in, TRUST_STORE_PASSWORD.toCharArray());
        TrustManagerFactory trust =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        sslContext = context;
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot read the trust store " + trustStore(), e);
      }
    }
    return context;
  }

  /** The directory holding the files, and {@code generate.log} with the commands' output. */
  public Path directory() {
    return directory;
  }

  private Path log() {
    return directory.resolve("generate.log");
  }

  private void writeTrustStore() {
    try (InputStream in = Files.newInputStream(caCertificate());
        OutputStream out = Files.newOutputStream(trustStore())) {
      Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore store = KeyStore.getInstance(trustStoreType());
      store.load(null, null);
      store.setCertificateEntry("strata-test-ca", ca);
      store.store(out, TRUST_STORE_PASSWORD.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a trust store of " + caCertificate(), e);
    }
  }

  private static void keytool(Path directory, Path log, List<String> keytool,
      String... arguments) {
    List<String> command = new ArrayList<>(keytool);
    command.addAll(List.of(arguments));
    Command.run(directory, log, COMMAND_TIMEOUT, command).requireSuccess();
  }

  private static KeyStore load(Path file, String password)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static String randomSerial() {
    byte[] serial = new byte[8];
    ThreadLocalRandom.current().nextBytes(serial);
    serial[0] &= 0x7f; // Serials are positive.
    return "0x" + HexFormat.of().formatHex(serial);
  }

  private static Path createDirectory(Path directory) {
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
