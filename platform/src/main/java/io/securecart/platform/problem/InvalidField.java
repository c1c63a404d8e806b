package io.securecart.platform.problem;

import org.springframework.validation.FieldError;

/**
 * One entry of a validation problem's {@code errors[]}: the field (or header, or parameter) and what is wrong with it.
 * Deliberately without the rejected value: it may be card data.
 */
public record InvalidField(String field, String message) {

	static InvalidField of(FieldError error) {
		return new InvalidField(error.getField(), error.getDefaultMessage());
	}
}
