package io.securecart.platform.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.securecart.platform.problem.ProblemTypes;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * 401 and 403 as RFC 9457 problem details, with the {@code WWW-Authenticate} header RFC 6750 asks for. The detail
 * names the rule, never the token or why exactly it failed to verify. A token that could not be checked at all (the
 * issuer's keys could not be fetched: it restarts, or its endpoint failed) is a 503 with {@code Retry-After}: the
 * token may be good, and asking again shortly may work.
 */
public class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

	/** How long a caller refused for an issuer it could not reach waits before asking again, in seconds. */
	static final String RETRY_AFTER_SECONDS = "5";

	private final AuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();

	private final AccessDeniedHandler bearerAccessDenied = new BearerTokenAccessDeniedHandler();

	private static final JsonMapper JSON = JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException, ServletException {
		bearerEntryPoint.commence(request, response, exception);
		write(request, response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
				"A valid bearer token from SecureCart's issuer is needed (./securecart token USER)");
	}

	/**
	 * A bearer token that failed authentication: a 401, as {@link #commence}, unless it could not be checked at all
	 * ({@link AuthenticationServiceException}: the issuer's keys could not be fetched), which Spring Security would
	 * otherwise rethrow into the container's error page, a 500 that is not a problem.
	 */
	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		if (exception instanceof AuthenticationServiceException) {
			response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			write(request, response, HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
					"The bearer token could not be checked now (the issuer's keys could not be fetched): ask again");
			return;
		}
		commence(request, response, exception);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException, ServletException {
		bearerAccessDenied.handle(request, response, exception);
		write(request, response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "The token's subject or roles do not allow this request");
	}

	/** A problem of one of {@link ProblemTypes}, written before any controller ran (filters, the firewall). */
	public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug,
			String detail) throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(ProblemTypes.uri(slug));
		problem.setInstance(ProblemTypes.instance(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		JSON.writeValue(response.getOutputStream(), problem);
	}
}
