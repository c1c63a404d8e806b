package io.securecart.console.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Sends a browser that opened {@code http://localhost:8085} to {@code http://127.0.0.1:8085}: the issuer accepts a
 * loopback redirect URI only as an IP literal (RFC 8252 section 8.3), and the session cookie must belong to the host
 * the sign-in returns to.
 */
@Component
@ConditionalOnBooleanProperty(name = "securecart.console.redirect-localhost", matchIfMissing = true)
@Order(Ordered.HIGHEST_PRECEDENCE)
class LoopbackHostFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if ("localhost".equalsIgnoreCase(request.getServerName()) && HttpMethod.GET.matches(request.getMethod())
				&& !request.getRequestURI().startsWith("/actuator")) {
			response.sendRedirect(ServletUriComponentsBuilder.fromRequest(request).host("127.0.0.1").toUriString());
			return;
		}
		chain.doFilter(request, response);
	}
}
