/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.serve;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The shared secret a {@link ReportServer} on a non-loopback address requires. A request carries
 * it as {@code Authorization: Bearer TOKEN}, as {@code ?token=TOKEN} (for a browser; the server
 * then sets an HttpOnly cookie so links and the live page's reloads keep working) or as that
 * cookie. Comparison is constant-time over SHA-256 digests, so neither content nor length leaks
 * through timing. The token itself is never printed.
 */
public final class AccessToken {
    static final String COOKIE = "pyrometer_token";
    private static final int MIN_CHARS = 16;

    private final byte[] digest;
    private final String cookieValue;

    private AccessToken(String token) {
        this.digest = sha256(token);
        this.cookieValue = token;
    }

    /** A token of at least 16 characters, without whitespace, ';' or ','. */
    public static AccessToken of(String token) {
        if (token == null || token.length() < MIN_CHARS) {
            throw new IllegalArgumentException("the token must have at least " + MIN_CHARS + " characters");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c == ';' || c == ',' || c == 127) {
                throw new IllegalArgumentException("the token must not hold whitespace, control characters, ';' or ','");
            }
        }
        return new AccessToken(token);
    }

    /** True when the request carries this token; a valid {@code ?token=} also sets the cookie. */
    boolean admits(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && matches(auth.substring(7).trim())) {
            return true;
        }
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("token=")
                        && matches(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8))) {
                    // Over TLS the browser must never send the cookie back over plain HTTP.
                    String secure = ex instanceof com.sun.net.httpserver.HttpsExchange ? "; Secure" : "";
                    ex.getResponseHeaders().add("Set-Cookie",
                            COOKIE + "=" + cookieValue + "; Path=/; HttpOnly; SameSite=Strict" + secure);
                    return true;
                }
            }
        }
        List<String> cookies = ex.getRequestHeaders().get("Cookie");
        if (cookies != null) {
            for (String header : cookies) {
                for (String c : header.split(";")) {
                    String t = c.trim();
                    if (t.startsWith(COOKIE + "=") && matches(t.substring(COOKIE.length() + 1))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    boolean matches(String candidate) {
        return MessageDigest.isEqual(digest, sha256(candidate));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "AccessToken[redacted]";
    }
}
