package io.securecart.stockalerts;

import java.time.Duration;

import com.amazonaws.services.lambda.runtime.Context;
import org.jspecify.annotations.Nullable;

/**
 * The one class that names Lambda's {@link Context}: inventory-service hosts the function without
 * {@code aws-lambda-java-core}, and loads this class only if a message carries a context.
 */
final class LambdaContext {

	private LambdaContext() {
	}

	/** What the invocation has left, if {@code header} is Lambda's context; null otherwise. */
	static @Nullable Duration remainingTime(Object header) {
		return header instanceof Context context ? Duration.ofMillis(context.getRemainingTimeInMillis()) : null;
	}
}
