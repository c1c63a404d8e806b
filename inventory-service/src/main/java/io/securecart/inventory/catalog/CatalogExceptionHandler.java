package io.securecart.inventory.catalog;

import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as RFC 9457 problem details. Extends Spring MVC's handler for its own exceptions (bad parameters, unknown
 * paths...) and adds the catalog's: an unknown SKU is a 404, and a rejected parameter says which one and why.
 */
@RestControllerAdvice
class CatalogExceptionHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ProblemDetail productNotFound(ProductNotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Product not found");
		problem.setProperty("sku", ex.sku());
		return problem;
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ex.getBody();
		problem.setDetail(ex.getParameterValidationResults()
			.stream()
			.flatMap(result -> result.getResolvableErrors()
				.stream()
				.map(error -> "%s %s".formatted(result.getMethodParameter().getParameterName(),
						error.getDefaultMessage())))
			.sorted()
			.collect(Collectors.joining("; ")));
		return handleExceptionInternal(ex, problem, headers, status, request);
	}
}
