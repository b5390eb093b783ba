package io.orderflow.gateway.tracking;

import io.orderflow.gateway.tracking.TrackingPage.Item;
import io.orderflow.gateway.tracking.TrackingPage.Parcel;
import io.orderflow.gateway.tracking.TrackingPage.Step;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders the tracking page. Everything variable is escaped here; the page's own script only swaps in the
 * {@code <main>} this class renders (sent again on every change), so there is one renderer, and the page works
 * without script too. Self-contained: styles and script are inline (allowed by a per-response nonce), no fonts,
 * images or anything else are fetched.
 */
final class TrackingHtml {

    private static final String TEMPLATE = load("/tracking/page.html");
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("EEE d MMM, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    private TrackingHtml() {
    }

    static String document(TrackingPage page, String nonce, String updatesUrl) {
        String title = page.orderNumber() == null ? "Your order" : "Order " + page.orderNumber();
        return TEMPLATE
                .replace("{{title}}", escape(title + " · " + page.headline()))
                .replace("{{nonce}}", nonce)
                .replace("{{updates}}", page.finished() ? "" : escape(updatesUrl))
                .replace("{{connection}}", page.finished() ? "This order is complete."
                        : "Reload the page to see the latest status.")
                .replace("{{main}}", main(page));
    }

    static String notFound(String nonce) {
        return TEMPLATE
                .replace("{{title}}", "Tracking link not found")
                .replace("{{nonce}}", nonce)
                .replace("{{updates}}", "")
                .replace("{{connection}}", "")
                .replace("{{main}}", """
                        <section class="card" aria-labelledby="headline">
                        <h1 id="headline">We could not find this tracking link</h1>
                        <p class="summary">Please check that you copied the whole link from your order confirmation.</p>
                        </section>""");
    }

    /** The content of {@code <main>}: what the live updates replace. */
    static String main(TrackingPage page) {
        var html = new StringBuilder(4096);
        html.append("<section class=\"card\" aria-labelledby=\"headline\" data-status=\"")
                .append(escape(page.status())).append("\" data-finished=\"").append(page.finished()).append("\">\n");
        html.append("<p class=\"greeting\">").append(page.firstName() == null ? "Hello," : "Hello " + escape(page.firstName()) + ",")
                .append("</p>\n");
        html.append("<h1 id=\"headline\">").append(escape(page.headline())).append("</h1>\n");
        html.append("<p class=\"summary\">").append(escape(page.summary())).append("</p>\n");
        html.append("<p class=\"meta\">");
        if (page.orderNumber() != null) {
            html.append("Order ").append(escape(page.orderNumber()));
        }
        if (page.city() != null) {
            html.append(page.orderNumber() != null ? " · " : "").append("Delivery to ").append(escape(page.city()));
        }
        if (page.promisedBy() != null) {
            html.append(" · Promised by <time datetime=\"").append(ISO_DATE.format(page.promisedBy())).append("\">")
                    .append(escape(TrackingPages.DAY.format(page.promisedBy()))).append("</time>");
        }
        html.append("</p>\n</section>\n");

        html.append("<section class=\"card\" aria-labelledby=\"progress-title\">\n")
                .append("<h2 id=\"progress-title\">Progress</h2>\n<ol class=\"progress\">\n");
        for (Step step : page.steps()) {
            html.append("<li data-step=\"").append(step.key()).append("\" data-state=\"").append(step.state())
                    .append('"').append(Step.CURRENT.equals(step.state()) ? " aria-current=\"step\"" : "").append('>')
                    .append("<span class=\"dot\" aria-hidden=\"true\">")
                    .append(Step.UPCOMING.equals(step.state()) ? "" : "&#10003;").append("</span>")
                    .append("<span class=\"step-label\">").append(escape(step.label())).append("</span>")
                    .append("<span class=\"visually-hidden\">").append(stateWords(step.state())).append("</span>");
            if (step.at() != null) {
                html.append("<span class=\"when\">").append(time(step.at())).append("</span>");
            }
            html.append("</li>\n");
        }
        html.append("</ol>\n</section>\n");

        if (!page.notices().isEmpty()) {
            html.append("<section class=\"card notices\" aria-labelledby=\"notices-title\">\n")
                    .append("<h2 id=\"notices-title\">Good to know</h2>\n<ul>\n");
            page.notices().forEach(n -> html.append("<li>").append(escape(n)).append("</li>\n"));
            html.append("</ul>\n</section>\n");
        }

        html.append("<section class=\"card\" aria-labelledby=\"parcels-title\">\n<h2 id=\"parcels-title\">")
                .append(page.parcels().size() > 1 ? "Your parcels" : "Your parcel").append("</h2>\n");
        if (page.parcels().isEmpty()) {
            html.append("<p>Nothing has been sent yet. Tracking details appear here as soon as your parcel"
                    + " leaves.</p>\n");
        } else {
            html.append("<ul class=\"parcels\">\n");
            for (Parcel parcel : page.parcels()) {
                parcel(html, parcel, page.parcels().size());
            }
            html.append("</ul>\n");
        }
        html.append("</section>\n");

        html.append("<section class=\"card\" aria-labelledby=\"items-title\">\n<h2 id=\"items-title\">Your items</h2>\n")
                .append("<ul class=\"items\">\n");
        for (Item item : page.items()) {
            html.append("<li><span>").append(item.quantity()).append(" × ").append(escape(item.sku()))
                    .append("</span><span class=\"item-status\">").append(escape(item.statusText()))
                    .append("</span></li>\n");
        }
        html.append("</ul>\n</section>\n");
        if (page.updatedAt() != null) {
            html.append("<p class=\"updated\">Last change: ").append(time(page.updatedAt())).append("</p>\n");
        }
        return html.toString();
    }

    private static void parcel(StringBuilder html, Parcel parcel, int count) {
        String name = count > 1 ? "Parcel " + parcel.number() + " of " + count : "Parcel";
        html.append("<li data-parcel=\"").append(parcel.number()).append("\">\n<h3>").append(name).append("</h3>\n")
                .append("<p class=\"parcel-status\">").append(escape(parcel.statusText())).append("</p>\n<dl>\n");
        if (parcel.carrier() != null) {
            html.append("<dt>Carrier</dt><dd>").append(escape(parcel.carrier())).append("</dd>\n");
        }
        if (parcel.trackingNumber() != null) {
            html.append("<dt>Tracking number</dt><dd data-tracking-number>").append(escape(parcel.trackingNumber()))
                    .append("</dd>\n");
        }
        if (parcel.shippedAt() == null && parcel.expectedShipDate() != null) {
            html.append("<dt>Expected to leave</dt><dd><time datetime=\"")
                    .append(ISO_DATE.format(parcel.expectedShipDate())).append("\">")
                    .append(escape(TrackingPages.DAY.format(parcel.expectedShipDate()))).append("</time></dd>\n");
        }
        if (parcel.shippedAt() != null) {
            html.append("<dt>Sent</dt><dd>").append(time(parcel.shippedAt())).append("</dd>\n");
        }
        if (parcel.deliveredAt() != null) {
            html.append("<dt>Delivered</dt><dd>").append(time(parcel.deliveredAt())).append("</dd>\n");
        }
        if (!parcel.items().isEmpty()) {
            html.append("<dt>Contains</dt><dd>").append(escape(parcel.items().stream()
                    .map(i -> i.quantity() + " × " + i.sku()).collect(Collectors.joining(", ")))).append("</dd>\n");
        }
        html.append("</dl>\n");
        if (parcel.trackingUrl() != null) {
            String carrier = parcel.carrier() == null ? "the carrier's" : "the " + parcel.carrier();
            html.append("<p><a class=\"track-link\" data-tracking-link href=\"").append(escape(parcel.trackingUrl()))
                    .append("\" rel=\"noopener noreferrer external\" target=\"_blank\">Follow ")
                    .append(count > 1 ? "parcel " + parcel.number() : "your parcel").append(" on ")
                    .append(escape(carrier)).append(" website")
                    .append("<span class=\"visually-hidden\"> (opens in a new tab)</span></a></p>\n");
        }
        html.append("</li>\n");
    }

    private static String stateWords(String state) {
        return switch (state) {
            case Step.DONE -> " (done)";
            case Step.CURRENT -> " (where your order is now)";
            default -> " (still to come)";
        };
    }

    private static String time(Instant at) {
        return "<time data-local datetime=\"" + at + "\">" + escape(UTC_TIME.format(at)) + "</time>";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String load(String resource) {
        try (InputStream in = TrackingHtml.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Only the page's own inline style and script run; it may talk to its own origin (the live updates) only. */
    static String contentSecurityPolicy(String nonce) {
        return "default-src 'none'; style-src 'nonce-" + nonce + "'; script-src 'nonce-" + nonce + "'; connect-src 'self';"
                + " img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }
}
