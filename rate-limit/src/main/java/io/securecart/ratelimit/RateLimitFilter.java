package io.securecart.ratelimit;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code 429 Too Many Requests} ({@code application/problem+json}, with {@code Retry-After}) to a request
 * over its caller's limit, before it reaches the controller. One instance handles the rules of one {@link
 * RateLimitProperties.Key}: subject rules run after Spring Security (the caller is known), client-IP rules before it.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

	private final List<LimitedEndpoint> endpoints;

	private final RateLimiter limiter;

	RateLimitFilter(Map<String, RateLimitProperties.Rule> rules, RateLimiter limiter) {
		this.endpoints = rules.entrySet()
			.stream()
			.map(rule -> new LimitedEndpoint(rule.getKey(), rule.getValue(),
					PathPatternRequestMatcher.withDefaults()
						.matcher(HttpMethod.valueOf(rule.getValue().method()), rule.getValue().path())))
			.toList();
		this.limiter = limiter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		for (LimitedEndpoint endpoint : endpoints) {
			if (!endpoint.matcher().matches(request)) {
				continue;
			}
			String caller = callerOf(endpoint.rule().key(), request);
			if (caller == null) {
				continue; // not signed in: Spring Security has already answered 401
			}
			RateLimiter.Decision decision = limiter.tryConsume(endpoint.name(), endpoint.rule(), caller);
			if (!decision.allowed()) {
				if (!decision.remembered()) {
					// Once per refusal, not per refused request: a flood answered from memory would otherwise write
					// a line per request, and a script could drown the logs. The caller's name, never their
					// credentials; an IP or a subject is what an operator needs.
					log.warn("Rate limit {} reached by {}: {} requests per {}; refused until a token is back, in {} s",
							endpoint.name(), caller, endpoint.rule().capacity(), endpoint.rule().period(),
							decision.retryAfterSeconds());
				}
				tooManyRequests(response, endpoint, decision);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private static String callerOf(RateLimitProperties.Key key, HttpServletRequest request) {
		return switch (key) {
			case CLIENT_IP -> clientAddress(request.getRemoteAddr());
			case SUBJECT -> {
				Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
				yield authentication == null || authentication instanceof AnonymousAuthenticationToken
						|| !authentication.isAuthenticated() ? null : authentication.getName();
			}
		};
	}

	/**
	 * The caller's address as its bucket's key: an IPv4 address whole, an IPv6 address by its /64, the block a single
	 * subscriber is given; by the whole address, rotating through the block's 2^64 addresses would get a fresh bucket
	 * every time. An IPv4 address written as IPv6 ({@code ::ffff:203.0.113.7}) is the IPv4 address.
	 */
	static String clientAddress(String remoteAddress) {
		// Only what can be an IPv6 literal is parsed: getByName looks anything else up in DNS.
		if (remoteAddress == null || remoteAddress.indexOf(':') < 0
				|| (Character.digit(remoteAddress.charAt(0), 16) < 0 && remoteAddress.charAt(0) != ':')) {
			return remoteAddress;
		}
		InetAddress address;
		try {
			address = InetAddress.getByName(remoteAddress);
		}
		catch (UnknownHostException notALiteral) {
			return remoteAddress;
		}
		if (address instanceof Inet4Address) {
			return address.getHostAddress();
		}
		ByteBuffer bytes = ByteBuffer.wrap(address.getAddress());
		return "%x:%x:%x:%x::/64".formatted(bytes.getShort() & 0xffff, bytes.getShort() & 0xffff,
				bytes.getShort() & 0xffff, bytes.getShort() & 0xffff);
	}

	private static void tooManyRequests(HttpServletResponse response, LimitedEndpoint endpoint,
			RateLimiter.Decision decision) throws IOException {
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		// Only fixed text and numbers from configuration: nothing the client sent is echoed.
		// Bytes, not a writer: a writer would add "charset=ISO-8859-1" to the content type.
		response.getOutputStream().write("""
				{"type":"about:blank","title":"Too Many Requests","status":429,\
				"detail":"At most %d requests per %s; retry after %d s","limit":"%s"}"""
			.formatted(endpoint.rule().capacity(), endpoint.rule().period(), decision.retryAfterSeconds(),
					endpoint.name())
			.getBytes(StandardCharsets.UTF_8));
	}

	private record LimitedEndpoint(String name, RateLimitProperties.Rule rule, RequestMatcher matcher) {
	}
}
