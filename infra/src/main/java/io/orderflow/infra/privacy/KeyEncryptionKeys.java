package io.orderflow.infra.privacy;

import io.orderflow.coreapi.shared.SecretFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The key-encryption keys (KEK): the current one, which wraps every new data key, and the previous ones, kept only
 * to unwrap data keys that {@link KekRotation} has not rewrapped yet. A key is known by its id, the first bytes of
 * its SHA-256, so no id has to be configured and a wrong key is told apart from a right one.
 *
 * <p>The current key is {@code orderflow.privacy.kek} (env {@code ORDERFLOW_KEK}, base64 of 32 bytes), else the key
 * in {@code orderflow.privacy.kek-file}, made there once (the embedded default points it into its data directory).
 * Without either the service does not start: a key made up at random would leave every order unreadable after a
 * restart.
 */
@Component
public class KeyEncryptionKeys {

    private final String currentId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    public KeyEncryptionKeys(@Value("${orderflow.privacy.kek:}") String kek,
                      @Value("${orderflow.privacy.kek-file:}") String kekFile,
                      @Value("${orderflow.privacy.previous-keks:}") List<String> previous) {
        byte[] current;
        if (StringUtils.hasText(kek)) {
            current = decode(kek, "orderflow.privacy.kek (ORDERFLOW_KEK)");
        } else if (StringUtils.hasText(kekFile)) {
            current = SecretFile.readOrCreate(Path.of(kekFile));
        } else {
            throw new IllegalStateException("No key-encryption key for personal data: set orderflow.privacy.kek"
                    + " (ORDERFLOW_KEK, base64 of 32 random bytes, e.g. `openssl rand -base64 32`) or"
                    + " orderflow.privacy.kek-file (ORDERFLOW_KEK_FILE, a file that is made once if missing)");
        }
        this.currentId = add(current, "the current key-encryption key");
        for (String old : previous == null ? List.<String>of() : previous) {
            if (StringUtils.hasText(old)) {
                add(decode(old.strip(), "orderflow.privacy.previous-keks (ORDERFLOW_PREVIOUS_KEKS)"),
                        "a previous key-encryption key");
            }
        }
    }

    String currentId() {
        return currentId;
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    List<String> previousIds() {
        return keys.keySet().stream().filter(id -> !id.equals(currentId)).toList();
    }

    /** Null when the key is not configured (any more). */
    SecretKey byId(String id) {
        return keys.get(id);
    }

    static String idOf(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "kek-" + HexFormat.of().formatHex(Arrays.copyOf(digest, 6));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String add(byte[] key, String what) {
        if (key.length != 32) {
            throw new IllegalStateException(what + " must be 32 bytes (base64 of 32 random bytes), was "
                    + key.length + " bytes");
        }
        String id = idOf(key);
        keys.putIfAbsent(id, new SecretKeySpec(key, "AES"));
        return id;
    }

    private static byte[] decode(String value, String what) {
        String text = value.strip();
        try {
            return text.contains("-") || text.contains("_")
                    ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException(what + " is not base64");
        }
    }
}
