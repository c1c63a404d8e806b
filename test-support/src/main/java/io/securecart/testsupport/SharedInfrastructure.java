package io.securecart.testsupport;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the test infrastructure once per JVM, on first use, and stops what it started when the JVM exits. */
final class SharedInfrastructure {

	private static final Logger log = LoggerFactory.getLogger(SharedInfrastructure.class);

	private static TestInfrastructure instance;

	private SharedInfrastructure() {
	}

	static synchronized TestInfrastructure get() {
		if (instance == null) {
			Map<String, String> environment = System.getenv();
			TestBackend backend = TestBackend.select(environment);
			log.info("SecureCart test backend: {}", backend.describe(environment));
			instance = backend.start(environment);
			instance.provisionTopology();
		}
		return instance;
	}
}
