package io.securecart.platform.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 404 for something that exists but belongs to another customer: answering 403 would tell the caller it exists.
 * Spring MVC renders it as problem details, like any other 404.
 */
public class NotVisibleException extends ErrorResponseException {

	public NotVisibleException(String what) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, what + " not found"), null);
	}
}
