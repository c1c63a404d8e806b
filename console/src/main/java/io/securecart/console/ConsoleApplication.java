package io.securecart.console;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The web console: a shop for customers and an operations console for administrators, in one server-rendered app. It
 * is a client of the services' public APIs with the signed-in user's token, and has no database of its own
 * (docs/adr/0009-web-console-is-a-client-of-the-public-apis.md).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConsoleApplication.class, args);
	}

	/** The console's one clock (it does not use the services' platform module, which brings theirs). */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
