package io.securecart.checkout.order;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import io.securecart.checkout.catalog.CatalogUnavailableException;
import io.securecart.checkout.catalog.UnknownSkuException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 {@code application/problem+json}. Validation problems list each field with a message and
 * never the rejected value: a rejected value may be card data.
 */
@RestControllerAdvice
class CheckoutProblemDetails extends ResponseEntityExceptionHandler {

	/** Seconds a client should wait before retrying when the catalog is unavailable. */
	static final String CATALOG_RETRY_AFTER_SECONDS = "5";

	/** Seconds a client should wait before retrying when payment could not decide (the coupled mode). */
	static final String PAYMENT_RETRY_AFTER_SECONDS = "5";

	@ExceptionHandler
	ProblemDetail unknownSku(UnknownSkuException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> catalogUnavailable(CatalogUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, CATALOG_RETRY_AFTER_SECONDS)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "catalog unavailable, try again"));
	}

	/** The coupled mode only: the customer waited for payment, and payment could not decide. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> paymentUnavailable(PaymentUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, PAYMENT_RETRY_AFTER_SECONDS)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"payment unavailable, try again with the same Idempotency-Key"));
	}

	@ExceptionHandler
	ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail orderNotFound(OrderNotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> fields = ex.getFieldErrors().stream().map(InvalidField::of).toList();
		return handleExceptionInternal(ex, invalid(fields), headers, status, request);
	}

	/** Raised instead of the above when, as here, a handler's parameters carry constraints of their own. */
	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> fields = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			if (result instanceof ParameterErrors errors) {
				errors.getFieldErrors().forEach(error -> fields.add(InvalidField.of(error)));
			}
			else {
				String name = parameterName(result.getMethodParameter());
				result.getResolvableErrors()
					.forEach(error -> fields.add(new InvalidField(name, error.getDefaultMessage())));
			}
		}
		return handleExceptionInternal(ex, invalid(fields), headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, unreadableDetail(ex));
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	private static ProblemDetail invalid(List<InvalidField> fields) {
		List<InvalidField> sorted = fields.stream()
			.sorted(Comparator.comparing(InvalidField::field).thenComparing(InvalidField::message))
			.toList();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid request: "
				+ sorted.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; ")));
		problem.setProperty("errors", sorted);
		return problem;
	}

	/** Says where the body went wrong, never what it contained. */
	private static String unreadableDetail(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof StreamReadException) {
			return "Malformed JSON request body";
		}
		if (cause instanceof JacksonException json) {
			return json.getPath().isEmpty() ? "Invalid request body"
					: "Invalid value for '" + path(json.getPath()) + "'";
		}
		return "Request body is missing";
	}

	private static String path(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String parameterName(MethodParameter parameter) {
		RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
		if (header != null && !header.name().isEmpty()) {
			return header.name();
		}
		RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
		if (param != null && !param.name().isEmpty()) {
			return param.name();
		}
		return parameter.getParameterName();
	}

	/** A field (or header, or parameter) that failed validation, and why. Deliberately without its value. */
	record InvalidField(String field, String message) {

		static InvalidField of(FieldError error) {
			return new InvalidField(error.getField(), error.getDefaultMessage());
		}
	}
}
