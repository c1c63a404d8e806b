package io.securecart.console.api;

/**
 * A service answered with an error (its {@code application/problem+json} title and detail), or could not be reached.
 * The console shows the title and detail to the user, with the same status; never a stack trace.
 */
public class ApiProblemException extends RuntimeException {

	private final Service service;

	private final int status;

	private final String title;

	private final String detail;

	public ApiProblemException(Service service, int status, String title, String detail) {
		super(service.displayName() + " answered " + status + ": " + title);
		this.service = service;
		this.status = status;
		this.title = title;
		this.detail = detail;
	}

	public Service service() {
		return service;
	}

	public int status() {
		return status;
	}

	public String title() {
		return title;
	}

	public String detail() {
		return detail;
	}
}
