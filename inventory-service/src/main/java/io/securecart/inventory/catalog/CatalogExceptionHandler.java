package io.securecart.inventory.catalog;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.securecart.inventory.stock.StockBelowReservedException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as RFC 9457 problem details. Extends Spring MVC's handler for its own exceptions (bad parameters, unknown
 * paths...) and adds the catalog's: an unknown SKU is a 404 (saying which server did not find it), a stock count
 * below the reserved stock a 409, and a rejected parameter or body field says which one and why.
 */
@RestControllerAdvice
class CatalogExceptionHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> productNotFound(ProductNotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Product not found");
		problem.setProperty("sku", ex.sku());
		// A replica that lags may not have a new product yet: the 404 says where it was looked for.
		HttpHeaders headers = ex.read() == null ? new HttpHeaders() : Freshness.of(ex.read());
		return ResponseEntity.status(HttpStatus.NOT_FOUND).headers(headers).body(problem);
	}

	@ExceptionHandler
	ProblemDetail stockBelowReserved(StockBelowReservedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Stock below reserved");
		problem.setProperty("sku", ex.sku());
		problem.setProperty("stockOnHand", ex.stockOnHand());
		problem.setProperty("reserved", ex.reserved());
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

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ex.getBody();
		Stream<String> fieldErrors = ex.getFieldErrors()
			.stream()
			.map(error -> "%s %s".formatted(error.getField(), error.getDefaultMessage()));
		Stream<String> objectErrors = ex.getGlobalErrors().stream().map(ObjectError::getDefaultMessage);
		problem.setDetail(Stream.concat(fieldErrors, objectErrors).sorted().collect(Collectors.joining("; ")));
		problem.setProperty("fields",
				ex.getFieldErrors().stream().map(FieldError::getField).distinct().sorted().toList());
		return handleExceptionInternal(ex, problem, headers, status, request);
	}
}
