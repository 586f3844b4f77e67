package io.heliostat.carbon.feed.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.heliostat.carbon.feed.ProviderException;
import io.heliostat.carbon.feed.ProviderHttp;

/**
 * WattTime's bearer token, shared by every zone: {@code GET /login} with HTTP basic auth gives a token that is good for
 * about 30 minutes. Zones are polled concurrently, so one login at a time serves them all: whoever finds the token
 * missing or aged logs in while the others wait for its token instead of logging in too.
 *
 * <p>A token is renewed before it runs out ({@link #renewalMargin}: 5 minutes before, or a sixth of the lifetime when
 * that is shorter), measured on the routes' clock from when its login was sent, so that polls do not meet a 401 in the
 * normal course. A data request that meets one all the same asks for {@link #renew}.
 */
final class WattTimeLogin {

    private static final Logger LOG = LoggerFactory.getLogger(WattTimeLogin.class);
    private static final Duration MARGIN = Duration.ofMinutes(5);

    /** A token and when it is due for renewal. */
    record Token(String value, Instant renewAt) {

        Map<String, String> header() {
            return Map.of("Authorization", "Bearer " + value);
        }

        @Override
        public String toString() {
            return "token renewed at " + renewAt; // never the token itself: it would end up in logs
        }
    }

    private final ProviderHttp http;
    private final String username;
    private final String credentialKeys;
    private final Map<String, String> basic;
    private final Duration lifetime;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Token token;

    /** @param credentialKeys the keys the credentials come from, for the message of a refused login */
    WattTimeLogin(ProviderHttp http, String username, String password, String credentialKeys, Duration lifetime, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.username = Objects.requireNonNull(username, "username");
        this.credentialKeys = Objects.requireNonNull(credentialKeys, "credentialKeys");
        this.basic = Map.of("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How long before a token's lifetime ends it is renewed. */
    static Duration renewalMargin(Duration lifetime) {
        Duration sixth = lifetime.dividedBy(6);
        return sixth.compareTo(MARGIN) < 0 ? sixth : MARGIN;
    }

    /** A token that is not yet due for renewal: the one held, or a new one. */
    Token current() throws ProviderException {
        Token held = token;
        if (fresh(held)) {
            return held;
        }
        lock.lock();
        try {
            // Another zone may have logged in while this one waited.
            held = token;
            return fresh(held) ? held : login();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A new token after a data request found {@code refused} refused (it expired early, or was revoked), unless another
     * zone has already replaced it: then that one serves, and there is no second login for the same refusal.
     */
    Token renew(Token refused) throws ProviderException {
        lock.lock();
        try {
            Token held = token;
            return held != refused && fresh(held) ? held : login();
        } finally {
            lock.unlock();
        }
    }

    private boolean fresh(Token held) {
        return held != null && clock.instant().isBefore(held.renewAt());
    }

    private Token login() throws ProviderException {
        // The lifetime runs from before the request went out: the token cannot be older than that.
        Instant asked = clock.instant();
        JsonNode body;
        try {
            body = http.getJson("login", Map.of(), basic);
        } catch (ProviderException.Unauthorized e) {
            throw new ProviderException.Unauthorized(http.provider(), "login as '" + username
                    + "' was refused; check " + credentialKeys + " (" + e.reason() + ")");
        }
        String value = new Bodies(http.provider(), "GET login").text(body, "token");
        if (value.isBlank()) {
            throw new Bodies(http.provider(), "GET login").rejected("field token is blank");
        }
        Token fresh = new Token(value, asked.plus(lifetime).minus(renewalMargin(lifetime)));
        token = fresh;
        LOG.debug("{}: logged in as {}; the {}", http.provider(), username, fresh);
        return fresh;
    }
}
