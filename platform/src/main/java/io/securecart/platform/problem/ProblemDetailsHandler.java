package io.securecart.platform.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestValueException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Every error of every service as one RFC 9457 {@code application/problem+json} shape: {@code type}
 * ({@link ProblemTypes}), {@code title}, {@code status}, {@code detail}, {@code instance} (the request path), and for
 * validation {@code errors[]} of {@link InvalidField}. Spring MVC's own exceptions get the shared types; a service's
 * domain exceptions get the types its {@link DomainProblems} bean names; anything else is a bug: a 500 that tells
 * nothing and is logged. Details never echo a rejected value (it may be card data).
 */
@RestControllerAdvice
public class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

	private final List<DomainProblems> domainProblems;

	public ProblemDetailsHandler(List<DomainProblems> domainProblems) {
		this.domainProblems = List.copyOf(domainProblems);
	}

	/** A service's domain exception, or a bug. Spring MVC's own exceptions have more specific handlers above. */
	@ExceptionHandler
	ResponseEntity<Object> domainOrUnexpected(Exception ex, WebRequest request) throws Exception {
		if (ex instanceof AccessDeniedException || ex instanceof AuthenticationException) {
			throw ex; // Spring Security's filters answer these (401/403 by SecurityProblems)
		}
		HttpHeaders headers = new HttpHeaders();
		Optional<DomainProblems.Mapping<?>> mapping = mappingOf(ex);
		if (mapping.isPresent()) {
			DomainProblems.Mapping<?> found = mapping.get();
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(found.status(), ex.getMessage());
			problem.setType(ProblemTypes.uri(found.slug()));
			problem.setTitle(found.title());
			found.describe(ex, problem, headers);
			log.debug("{} answered {}: {}", ex.getClass().getSimpleName(), found.status().value(), ex.getMessage());
			return createResponseEntity(problem, headers, found.status(), request);
		}
		log.error("Unexpected error on {}", pathOf(request), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error; it was logged");
		return createResponseEntity(problem, headers, HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	private Optional<DomainProblems.Mapping<?>> mappingOf(Exception ex) {
		return domainProblems.stream().flatMap(problems -> problems.find(ex.getClass()).stream()).findFirst();
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> fields = new ArrayList<>(ex.getFieldErrors().stream().map(InvalidField::of).toList());
		ex.getGlobalErrors()
			.forEach(error -> fields.add(new InvalidField(error.getObjectName(), error.getDefaultMessage())));
		return createResponseEntity(invalid(fields), headers, HttpStatus.BAD_REQUEST, request);
	}

	/** Raised instead of the above when a handler's parameters carry constraints of their own. */
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
		return createResponseEntity(invalid(fields), headers, HttpStatus.BAD_REQUEST, request);
	}

	/** A path variable, parameter or header that does not convert (a UUID that is not one...). */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
				: String.valueOf(ex.getPropertyName());
		String expected = ex.getRequiredType() == null ? "value" : ex.getRequiredType().getSimpleName();
		return createResponseEntity(invalid(List.of(new InvalidField(name, "must be a valid " + expected))),
				headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return createResponseEntity(invalid(List.of(new InvalidField(ex.getParameterName(), "is required"))), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	/** A missing header, cookie or path variable. */
	@Override
	protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex instanceof MissingRequestValueException missing && !missing.isMissingAfterConversion()
				&& status.is4xxClientError()) {
			String name = String.valueOf(missing.getDetailMessageArguments()[0]);
			return createResponseEntity(invalid(List.of(new InvalidField(name, "is required"))), headers,
					HttpStatus.BAD_REQUEST, request);
		}
		return super.handleServletRequestBindingException(ex, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		problem.setType(ProblemTypes.uri(ProblemTypes.UNREADABLE_BODY));
		problem.setTitle("Unreadable request body");
		Throwable cause = ex.getCause();
		if (cause instanceof StreamReadException && !(cause instanceof InputCoercionException)) {
			problem.setDetail("Malformed JSON request body");
		}
		else if (cause instanceof UnrecognizedPropertyException unknown) {
			String field = path(unknown.getPath());
			problem.setDetail("Unknown field '" + field + "': a client may not set it");
			problem.setProperty("errors", List.of(new InvalidField(field, "is not a field of this request")));
		}
		else if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
			String field = path(json.getPath());
			problem.setDetail("Invalid value for '" + field + "'");
			problem.setProperty("errors", List.of(new InvalidField(field, "has the wrong type or is out of range")));
		}
		else {
			problem.setDetail(cause instanceof JacksonException ? "Invalid request body" : "Request body is missing");
		}
		return createResponseEntity(problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/** Every problem, Spring's and ours, leaves through here: one type, title and instance for each. */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
				problem.setType(ProblemTypes.uri(ProblemTypes.slugOf(statusCode)));
			}
			problem.setInstance(ProblemTypes.instance(pathOf(request)));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ProblemDetail invalid(List<InvalidField> fields) {
		List<InvalidField> sorted = fields.stream()
			.sorted(Comparator.comparing(InvalidField::field).thenComparing(InvalidField::message))
			.toList();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid request: "
				+ sorted.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; ")));
		problem.setType(ProblemTypes.uri(ProblemTypes.VALIDATION));
		problem.setTitle("Invalid request");
		problem.setProperty("errors", sorted);
		return problem;
	}

	private static String pathOf(WebRequest request) {
		if (request instanceof NativeWebRequest nativeRequest
				&& nativeRequest.getNativeRequest() instanceof HttpServletRequest servletRequest) {
			return servletRequest.getRequestURI();
		}
		return "";
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
}
