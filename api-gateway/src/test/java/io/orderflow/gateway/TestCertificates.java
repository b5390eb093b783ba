package io.orderflow.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Certificate authorities and the certificates they issue, made at test time with the JDK's keytool (no library of
 * ours does X.509 issuing), in a temporary directory. Keys are EC P-256 (quick to make) unless RSA is asked for.
 */
public final class TestCertificates {

    private static final String PASSWORD = "test-only";

    public record Issued(String certificatePem, String privateKeyPem) {
    }

    /** A CA: a self-signed certificate that may sign others. */
    public static final class Authority {

        private final Path dir;
        private final Path keystore;
        private final String certificatePem;
        private int issued;

        private Authority(Path dir, String name) {
            this.dir = dir;
            this.keystore = dir.resolve("ca.p12");
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                    "-ext", "bc:c", "-validity", "3650", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                    "-storetype", "PKCS12");
            this.certificatePem = pem("CERTIFICATE", encoded(load(keystore), "ca"));
        }

        public String certificatePem() {
            return certificatePem;
        }

        /** A certificate for {@code CN=name}, good for TLS servers at localhost and for TLS clients. */
        public Issued issue(String name) {
            return issue(name, null, 3650, "EC");
        }

        /**
         * Valid from {@code startDate} (keytool's form, {@code 2025/01/01}; null: now) for that many days, with a key
         * of that algorithm ({@code EC} or {@code RSA}).
         */
        public Issued issue(String name, String startDate, int validityDays, String keyAlgorithm) {
            String alias = "leaf-" + issued++;
            Path leafStore = dir.resolve(alias + ".p12");
            Path request = dir.resolve(alias + ".csr");
            Path certificate = dir.resolve(alias + ".pem");
            var genkeypair = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", keyAlgorithm,
                    "-dname", "CN=" + name, "-keystore", leafStore.toString(), "-storepass", PASSWORD,
                    "-storetype", "PKCS12"));
            genkeypair.addAll(keyAlgorithm.equals("EC") ? List.of("-groupname", "secp256r1")
                    : List.of("-keysize", "2048"));
            keytool(genkeypair.toArray(String[]::new));
            keytool("-certreq", "-alias", alias, "-keystore", leafStore.toString(), "-storepass", PASSWORD,
                    "-file", request.toString());
            var gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", keystore.toString(),
                    "-storepass", PASSWORD, "-infile", request.toString(), "-outfile", certificate.toString(), "-rfc",
                    "-validity", Integer.toString(validityDays), "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-ext", "EKU=serverAuth,clientAuth"));
            if (startDate != null) {
                gencert.addAll(List.of("-startdate", startDate));
            }
            keytool(gencert.toArray(String[]::new));
            try {
                return new Issued(Files.readString(certificate),
                        pem("PRIVATE KEY", load(leafStore).getKey(alias, PASSWORD.toCharArray()).getEncoded()));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestCertificates() {
    }

    public static Authority authority(String name) {
        try {
            return new Authority(Files.createTempDirectory("orderflow-test-ca"), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyStore load(Path keystore) {
        try (InputStream in = Files.newInputStream(keystore)) {
            var store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + keystore, e);
        }
    }

    private static byte[] encoded(KeyStore store, String alias) {
        try {
            return store.getCertificate(alias).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static void keytool(String... arguments) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // a short-lived JVM: no optimising compiler needed
        command.add("-J-XX:TieredStopAtLevel=1");
        command.addAll(List.of(arguments));
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
