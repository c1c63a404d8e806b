package io.securecart.platform.problem;

import java.net.URI;
import java.net.URISyntaxException;

import org.springframework.http.HttpStatusCode;

/**
 * The problem types every service shares: {@code https://securecart.example/problems/<slug>}. A client branches on
 * {@code type}; {@code title} is the type's short name, {@code detail} this occurrence. The list is in
 * docs/service-conventions.md.
 */
public final class ProblemTypes {

	public static final String BASE = "https://securecart.example/problems/";

	/** 400: a field, parameter or header failed validation; {@code errors[]} says which and why. */
	public static final String VALIDATION = "validation";

	/** 400: the body is not JSON, or a value has the wrong type (a fraction for a count, text for a number...). */
	public static final String UNREADABLE_BODY = "unreadable-body";

	/** 400 for anything else a client sent wrong. */
	public static final String BAD_REQUEST = "bad-request";

	/** 401: no valid bearer token. */
	public static final String UNAUTHORIZED = "unauthorized";

	/** 403: the token's subject or roles do not allow this. */
	public static final String FORBIDDEN = "forbidden";

	/** 404: no such resource, or someone else's. */
	public static final String NOT_FOUND = "not-found";

	/** 405, 406, 415: the method, the media types asked for or the content type sent. */
	public static final String METHOD_NOT_ALLOWED = "method-not-allowed";

	public static final String NOT_ACCEPTABLE = "not-acceptable";

	public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";

	/** 413: the body is larger than the service accepts. */
	public static final String PAYLOAD_TOO_LARGE = "payload-too-large";

	/** 500: a bug; logged, nothing of it is told. */
	public static final String INTERNAL_ERROR = "internal-error";

	/** 503: something the service depends on does not answer now. */
	public static final String SERVICE_UNAVAILABLE = "service-unavailable";

	private ProblemTypes() {
	}

	public static URI uri(String slug) {
		return URI.create(BASE + slug);
	}

	/**
	 * The {@code instance} of a request path as the client sent it; a path that is not a valid URI (a fuzzer's) is
	 * quoted rather than failing the answer.
	 */
	public static URI instance(String path) {
		try {
			return URI.create(path);
		}
		catch (IllegalArgumentException notAUri) {
			try {
				return new URI(null, null, path, null);
			}
			catch (URISyntaxException stillNot) {
				return null;
			}
		}
	}

	/** The shared type of a status that no more specific type names. */
	static String slugOf(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> BAD_REQUEST;
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 503 -> SERVICE_UNAVAILABLE;
			default -> status.is5xxServerError() ? INTERNAL_ERROR : "http-" + status.value();
		};
	}
}
