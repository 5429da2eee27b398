package dev.photopipe.sink.piwigo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.photopipe.sink.piwigo.PiwigoException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;

/**
 * The one place where a Piwigo answer becomes a result or a classified failure. Order matters:
 * the body's {@code stat}/{@code err} first (Piwigo answers 999/1002/1003 with HTTP 200 and some
 * successes with HTTP 500), the HTTP status only when the body carries no verdict.
 */
final class Answers {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Verdicts that still mean "try again later" even though Piwigo spoke. */
    private static final Set<Integer> TRANSIENT_ERRORS = Set.of(408, 429, 502, 503, 504);
    /** How many '{' to try before giving up on a noisy body. */
    private static final int MAX_JSON_STARTS = 64;

    private Answers() {
    }

    /**
     * Returns the {@code result} of a {@code stat:ok} answer (a {@link NullNode} when absent) or
     * throws the classified {@link PiwigoException}.
     */
    static JsonNode result(String method, int httpStatus, String body) {
        JsonNode answer = findJson(body);
        if (answer != null) {
            if ("ok".equals(answer.path("stat").asText())) {
                JsonNode result = answer.get("result");
                return result == null ? NullNode.getInstance() : result;
            }
            int err = answer.path("err").asInt(0);
            String message = "err " + err + " " + answer.path("message").asText("");
            if (err == 999 || err == 401) {
                throw new PiwigoAuthenticationException(method, httpStatus, err, message);
            }
            Kind kind = TRANSIENT_ERRORS.contains(err) ? Kind.TRANSIENT : Kind.PERMANENT;
            throw new PiwigoException(kind, method, httpStatus, err, message, null);
        }
        // No verdict in the body: the HTTP status decides.
        if (httpStatus == 401) {
            throw new PiwigoAuthenticationException(method, httpStatus, 0, "unauthorized");
        }
        if (httpStatus == 408 || httpStatus == 429 || httpStatus >= 500 || httpStatus < 300) {
            // A 2xx without JSON is PHP dying before it answered: a server fault, like a 5xx.
            // The first line tells a PHP fatal error (e.g. a 4-byte character on a utf8mb3 table)
            // from an overloaded server: it goes into the message, which ends up in a dead letter.
            throw new PiwigoException(Kind.TRANSIENT, method, httpStatus, 0,
                    "no Piwigo answer in the body: " + firstLine(body), null);
        }
        throw new PiwigoException(Kind.PERMANENT, method, httpStatus, 0,
                "refused without a Piwigo answer: " + firstLine(body), null);
    }

    /**
     * Like {@link #result}, but a {@code stat:ok} answer with HTTP 5xx is a PERMANENT failure: on
     * the methods this is used for, Piwigo answers so when it refused part of the call.
     */
    static JsonNode strictResult(String method, int httpStatus, String body) {
        JsonNode result = result(method, httpStatus, body);
        if (httpStatus >= 500) {
            throw new PiwigoException(Kind.PERMANENT, method, httpStatus, 0,
                    "stat ok with HTTP " + httpStatus + ": part of the call was refused (e.g. an unknown album id)", null);
        }
        return result;
    }

    /** No answer at all: connection refused or dropped, timeout. Always transient. */
    static PiwigoException ioFailure(String method, IOException e) {
        String what = e instanceof InterruptedIOException ? "timed out" : "I/O error";
        return new PiwigoException(Kind.TRANSIENT, method, 0, 0, what + " (" + e.getClass().getSimpleName() + ")", e);
    }

    /**
     * The first JSON object with a {@code stat} field in {@code body}, skipping PHP warnings or
     * HTML printed before it; {@code null} when there is none.
     */
    static JsonNode findJson(String body) {
        if (body == null) {
            return null;
        }
        int start = body.indexOf('{');
        for (int tries = 0; start >= 0 && tries < MAX_JSON_STARTS; tries++) {
            try {
                // readTree reads the first value and ignores what follows it.
                JsonNode node = JSON.readTree(body.substring(start));
                if (node != null && node.isObject() && node.has("stat")) {
                    return node;
                }
            } catch (JsonProcessingException notJsonHere) {
                // a brace inside the HTML noise: try the next one
            }
            start = body.indexOf('{', start + 1);
        }
        return null;
    }

    /** Longest excerpt of a body without a verdict kept in a message. */
    static final int EXCERPT_CHARS = 200;

    /**
     * The first non-blank line of what the server said (the PHP fatal error line when there is one), HTML tags and entities removed and
     * whitespace collapsed, at most {@value #EXCERPT_CHARS} characters; {@code "(empty body)"} for none.
     */
    static String firstLine(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        // Bounded input, and a hand-written linear scan: a huge HTML page costs no more than its head.
        String head = body.length() > 20_000 ? body.substring(0, 20_000) : body;
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < head.length()) {
            char c = head.charAt(i);
            if (c == '<') {
                int end = head.indexOf('>', i);
                if (end < 0) {
                    break;
                }
                String tag = head.substring(i + 1, end).strip().toLowerCase(java.util.Locale.ROOT);
                if (tag.startsWith("br") || tag.startsWith("p") || tag.startsWith("/p") || tag.startsWith("h")
                        || tag.startsWith("/h") || tag.startsWith("title") || tag.startsWith("/title")) {
                    text.append('\n');
                }
                i = end + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        String plain = text.toString().replace("&quot;", "\"").replace("&#039;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
        // PHP prints its warnings (e.g. "Deprecated: ...") before a fatal error: the fatal one says why.
        String first = null;
        for (String line : plain.split("\\R")) {
            String clean = line.replaceAll("\\s+", " ").strip();
            if (clean.startsWith("Fatal error") || clean.startsWith("Parse error")) {
                first = clean;
                break;
            }
            if (first == null && !clean.isEmpty()) {
                first = clean;
            }
        }
        if (first == null) {
            return "(no text in the body)";
        }
        return first.length() > EXCERPT_CHARS ? first.substring(0, EXCERPT_CHARS) + "..." : first;
    }

    /** An id Piwigo sent as a number or a string; {@code null} for null, missing or empty. */
    static Long id(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asLong();
        }
        String text = node.asText().trim();
        return text.isEmpty() ? null : Long.valueOf(text);
    }
}
