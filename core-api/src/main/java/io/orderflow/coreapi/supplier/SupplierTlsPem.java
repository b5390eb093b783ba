package io.orderflow.coreapi.supplier;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A partner supplier's mutual TLS material as PEM text, read with the JDK alone: the client certificate (the
 * supplier's copy of ours, its chain after it), our private key (PKCS#8, or PKCS#1 RSA / SEC1 EC as OpenSSL writes
 * them) and the CA we trust for the supplier's server certificate. The admin API checks it on write; the connectors
 * build their SSL context from it. An {@link IllegalArgumentException}'s message says what is wrong and never quotes
 * the PEM, so it may be answered to the caller.
 */
public final class SupplierTlsPem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\R?((?:[A-Za-z0-9-]+:.*\\R)*)([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
            0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");
    private static final String ALIAS = "supplier-client";

    private SupplierTlsPem() {
    }

    /** The certificates of a PEM text, in order; at least one. */
    public static List<X509Certificate> certificates(String pem) {
        var certificates = new ArrayList<X509Certificate>();
        try {
            var factory = CertificateFactory.getInstance("X.509");
            for (var block : blocks(pem)) {
                if (block.label().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a readable PEM certificate");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /** The private key of a PEM text: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 (EC). */
    public static PrivateKey privateKey(String pem) {
        var keys = blocks(pem).stream().filter(b -> b.label().endsWith("PRIVATE KEY")).toList();
        if (keys.size() != 1) {
            throw new IllegalArgumentException(keys.isEmpty()
                    ? "holds no PEM private key (-----BEGIN PRIVATE KEY-----)" : "must hold exactly one private key");
        }
        var block = keys.getFirst();
        if (block.label().equals("ENCRYPTED PRIVATE KEY") || block.headers().contains("ENCRYPTED")) {
            throw new IllegalArgumentException("is encrypted; give the key unencrypted, as PKCS#8 (BEGIN PRIVATE KEY)");
        }
        byte[] pkcs8 = switch (block.label()) {
            case "PRIVATE KEY" -> block.der();
            case "RSA PRIVATE KEY" -> der(0x30, der(0x02, new byte[] {0}), der(0x30, RSA_ENCRYPTION, new byte[] {0x05, 0}),
                    der(0x04, block.der()));
            case "EC PRIVATE KEY" -> der(0x30, der(0x02, new byte[] {0}), der(0x30, EC_PUBLIC_KEY, curveOf(block.der())),
                    der(0x04, block.der()));
            default -> throw new IllegalArgumentException("holds a " + block.label()
                    + ", which is not supported; give a PKCS#8 key (BEGIN PRIVATE KEY)");
        };
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException | RuntimeException notThisOne) {
                // the next algorithm
            }
        }
        throw new IllegalArgumentException("is not a readable RSA, EC or EdDSA private key");
    }

    /** Whether the private key is the one of the certificate's public key: it signs what the public key verifies. */
    public static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            var signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            var verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Hex SHA-256 of the certificate's DER encoding, as {@code openssl x509 -fingerprint -sha256} shows it. */
    public static String fingerprintSha256(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An SSL context presenting the certificate (chain) and key, when given, whatever CAs the peer asks for (the peer
     * judges it, and says so), and trusting the CA certificates, when given, instead of the JVM's default trust.
     */
    public static SSLContext context(String certificatePem, String keyPem, String trustedCaPem) {
        try {
            KeyManager[] keyManagers = null;
            if (certificatePem != null) {
                keyManagers = new KeyManager[] {new OneIdentity(certificates(certificatePem), privateKey(keyPem))};
            }
            TrustManager[] trustManagers = null;
            if (trustedCaPem != null) {
                var store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int n = 0;
                for (var ca : certificates(trustedCaPem)) {
                    store.setCertificateEntry("ca-" + n++, ca);
                }
                var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                trustManagers = factory.getTrustManagers();
            }
            var context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot make a TLS context of it: " + e.getClass().getSimpleName());
        }
    }

    /** Our one identity, offered as client and as server. */
    private static final class OneIdentity extends X509ExtendedKeyManager {

        private final X509Certificate[] chain;
        private final PrivateKey key;

        OneIdentity(List<X509Certificate> chain, PrivateKey key) {
            this.chain = chain.toArray(X509Certificate[]::new);
            this.key = key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }

    private record Block(String label, String headers, byte[] der) {
    }

    private static List<Block> blocks(String pem) {
        if (pem == null) {
            return List.of();
        }
        var blocks = new ArrayList<Block>();
        var matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), matcher.group(2),
                        Base64.getMimeDecoder().decode(matcher.group(3))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("holds a PEM block that is not base64");
            }
        }
        return blocks;
    }

    /** The named curve ({@code [0]} parameters) of a SEC1 EC private key, as a DER object identifier. */
    private static byte[] curveOf(byte[] sec1) {
        try {
            int[] at = {0};
            var sequence = read(sec1, at);
            if (sequence.tag() != 0x30) {
                throw new IllegalArgumentException();
            }
            int[] inner = {sequence.start()};
            while (inner[0] < sequence.end()) {
                var element = read(sec1, inner);
                if (element.tag() == 0xA0) {
                    int[] param = {element.start()};
                    var oid = read(sec1, param);
                    if (oid.tag() == 0x06) {
                        return java.util.Arrays.copyOfRange(sec1, element.start(), oid.end());
                    }
                }
                inner[0] = element.end();
            }
        } catch (RuntimeException malformed) {
            throw new IllegalArgumentException("is not a readable EC private key");
        }
        throw new IllegalArgumentException("is an EC private key without its named curve; give it as PKCS#8");
    }

    private record Tlv(int tag, int start, int end) {
    }

    private static Tlv read(byte[] der, int[] at) {
        int tag = der[at[0]++] & 0xFF;
        int length = der[at[0]++] & 0xFF;
        if (length > 0x80) {
            int bytes = length & 0x7F;
            if (bytes > 3) {
                throw new IllegalArgumentException("too long");
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[at[0]++] & 0xFF);
            }
        } else if (length == 0x80) {
            throw new IllegalArgumentException("indefinite length");
        }
        int start = at[0];
        if (start + length > der.length) {
            throw new IllegalArgumentException("truncated");
        }
        return new Tlv(tag, start, start + length);
    }

    private static byte[] der(int tag, byte[]... contents) {
        var body = new ByteArrayOutputStream();
        for (byte[] content : contents) {
            body.writeBytes(content);
        }
        int length = body.size();
        var out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
