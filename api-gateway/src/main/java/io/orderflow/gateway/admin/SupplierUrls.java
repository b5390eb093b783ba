package io.orderflow.gateway.admin;

import io.orderflow.gateway.port.TrustedSupplierOrigins;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where the service may be told to send requests. A supplier URL is https, and its host is neither loopback,
 * link-local (the cloud metadata service at 169.254.169.254), private, nor a name only a local network resolves:
 * otherwise an admin key could make the service call into its own network. Exceptions: the origins the deployment
 * runs itself ({@link TrustedSupplierOrigins}: the embedded sandbox), origins listed in
 * {@code orderflow.suppliers.trusted-origins}, and everything when {@code orderflow.suppliers.allow-private-urls}
 * is true (a closed test network). Names are not resolved here (a name that resolves to a private address later is
 * the network's egress policy to stop); literal addresses and local names are refused.
 */
@Component
class SupplierUrls {

    static final String RULE = "must be an https URL of a public host";

    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");
    private static final List<String> LOCAL_SUFFIXES = List.of(".localhost", ".local", ".internal", ".localdomain",
            ".home.arpa", ".lan", ".intranet", ".corp");

    private final ObjectProvider<TrustedSupplierOrigins> trusted;
    private final List<URI> configured;
    private final boolean allowPrivate;

    SupplierUrls(ObjectProvider<TrustedSupplierOrigins> trusted,
                 @Value("${orderflow.suppliers.trusted-origins:}") List<String> configured,
                 @Value("${orderflow.suppliers.allow-private-urls:false}") boolean allowPrivate) {
        this.trusted = trusted;
        this.configured = configured.stream().filter(s -> !s.isBlank()).map(s -> URI.create(s.strip())).toList();
        this.allowPrivate = allowPrivate;
    }

    /** The fields of the connector that name a place the service may not call, with why; empty when all is well. */
    List<Map<String, String>> check(SupplierRequest.ConnectorBody connector) {
        var errors = new ArrayList<Map<String, String>>();
        if (connector.baseUrl() != null && !isAllowed(connector.baseUrl())) {
            errors.add(Map.of("field", "connector.baseUrl", "message", RULE));
        }
        if (connector.shopDomain() != null && connector.baseUrl() == null && !allowPrivate
                && !isPublicHost(connector.shopDomain())) {
            errors.add(Map.of("field", "connector.shopDomain", "message", "must be a public host name"));
        }
        return errors;
    }

    boolean isAllowed(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getHost() == null) {
            return false;
        }
        if (isTrusted(uri) || allowPrivate) {
            return true;
        }
        return "https".equalsIgnoreCase(uri.getScheme()) && isPublicHost(uri.getHost());
    }

    private boolean isTrusted(URI uri) {
        var origins = new ArrayList<>(configured);
        trusted.orderedStream().forEach(t -> origins.addAll(t.origins()));
        return origins.stream().anyMatch(origin -> sameOrigin(origin, uri));
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    static boolean isPublicHost(String rawHost) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            return isPublicAddress(host.substring(1, host.length() - 1));
        }
        if (host.contains(":")) {
            return isPublicAddress(host);
        }
        String lastLabel = host.substring(host.lastIndexOf('.') + 1);
        if (NUMERIC_LABEL.matcher(lastLabel).matches()) {
            // no top-level domain is numeric: 127.1, 2130706433 and 0x7f.0.0.1 all spell an address; only the
            // plain dotted form is read, and only when public
            return DOTTED_QUAD.matcher(host).matches() && isPublicAddress(host);
        }
        if (!host.contains(".") || host.equals("localhost")) {
            return false;
        }
        String name = host;
        return LOCAL_SUFFIXES.stream().noneMatch(name::endsWith);
    }

    private static boolean isPublicAddress(String literal) {
        // only literals reach getByName, so it parses and never looks anything up
        if (!(DOTTED_QUAD.matcher(literal).matches() || (literal.contains(":") && IPV6.matcher(literal).matches()))) {
            return false;
        }
        try {
            return isPublic(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return first != 0 && first != 10 && first < 224
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    && !(first == 192 && second == 0 && (b[2] & 0xFF) == 0)
                    && !(first == 198 && (second == 18 || second == 19));
        }
        // IPv6: unique local fc00::/7, and IPv4-mapped or -compatible forms of a private IPv4 address
        if ((b[0] & 0xFE) == 0xFC) {
            return false;
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        if (mapped && ((b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) || (b[10] == 0 && b[11] == 0))) {
            try {
                return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException impossible) {
                return false;
            }
        }
        return !Objects.equals(address.getHostAddress(), "::");
    }
}
