package io.securecart.payment;

import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.securecart.payment.gateway.GatewayUnavailableException;
import io.securecart.payment.payment.OrderHeldForScreeningException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problems for every error Spring MVC knows (400 for a missing or malformed parameter or body...), and a
 * detail that names each invalid field, so that a client learns what to fix. A gateway that cannot answer now is a
 * 503 with {@code Retry-After}.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

	/** Seconds to wait before asking again: the gateway circuit's wait in the open state. */
	static final String GATEWAY_RETRY_AFTER_SECONDS = "5";

	@ExceptionHandler
	ResponseEntity<ProblemDetail> gatewayUnavailable(GatewayUnavailableException ex) {
		return unavailable("payment gateway unavailable, try again");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> gatewayCircuitOpen(CallNotPermittedException ex) {
		return unavailable("payment gateway unavailable (circuit open), try again");
	}

	/** The coupled mode asked for a high-value order: it is paid once fraud screening passes it, not now. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> heldForScreening(OrderHeldForScreeningException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage()));
	}

	private static ResponseEntity<ProblemDetail> unavailable(String detail) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, GATEWAY_RETRY_AFTER_SECONDS)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ex.getBody();
		problem.setDetail(ex.getFieldErrors()
			.stream()
			.map(error -> error.getField() + " " + error.getDefaultMessage())
			.sorted()
			.collect(Collectors.joining("; ")));
		return handleExceptionInternal(ex, problem, headers, status, request);
	}
}
