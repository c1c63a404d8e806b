package io.securecart.console.api;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Every error as a readable page with the status it deserves: a service's problem (its title and detail, e.g.
 * checkout's 404 for someone else's order), bad input to the console, an issuer that does not answer. Never a stack
 * trace; an unexpected exception is Spring Boot's error page ({@code templates/error.html}), which shows none. A
 * session that must sign in again ({@link SignInRequiredException}) is not handled here but by Spring Security's
 * filters, which save the page to come back to and answer htmx and scripts without starting a sign-in.
 */
@ControllerAdvice
class ConsoleErrors {

	@ExceptionHandler
	ModelAndView apiProblem(ApiProblemException ex, HttpServletResponse response) {
		return page(response, ex.status(), ex.title(), ex.detail(), ex.service().displayName());
	}

	@ExceptionHandler
	ModelAndView issuerUnavailable(IssuerUnavailableException ex, HttpServletResponse response) {
		return page(response, 503, "Sign-in service unavailable", ex.getMessage(), null);
	}

	@ExceptionHandler
	ModelAndView invalidForm(BindException ex, HttpServletResponse response) {
		List<String> fields = ex.getFieldErrors().stream().map(ConsoleErrors::describe).toList();
		return page(response, 400, "Invalid input", String.join("; ", fields), null);
	}

	@ExceptionHandler({ HandlerMethodValidationException.class, ConstraintViolationException.class,
			MethodArgumentTypeMismatchException.class })
	ModelAndView invalidParameter(Exception ex, HttpServletResponse response) {
		String detail = switch (ex) {
			case HandlerMethodValidationException invalid -> String.join("; ", invalid.getAllErrors()
				.stream()
				.map(MessageSourceResolvable::getDefaultMessage)
				.toList());
			case MethodArgumentTypeMismatchException mismatch -> mismatch.getName() + " is not valid";
			default -> "A parameter is not valid";
		};
		return page(response, 400, "Invalid request", detail, null);
	}

	@ExceptionHandler
	ModelAndView status(ResponseStatusException ex, HttpServletResponse response) {
		return page(response, ex.getStatusCode().value(), "Not available", ex.getReason(), null);
	}

	private static String describe(FieldError error) {
		return error.getField() + " " + error.getDefaultMessage();
	}

	private static ModelAndView page(HttpServletResponse response, int status, String title, String detail,
			String source) {
		response.setStatus(status);
		ModelAndView page = new ModelAndView("problem");
		page.addObject("status", status);
		page.addObject("title", title);
		page.addObject("detail", detail);
		page.addObject("source", source);
		page.addObject("me", SignedInUser.of(SecurityContextHolder.getContext().getAuthentication()));
		return page;
	}
}
