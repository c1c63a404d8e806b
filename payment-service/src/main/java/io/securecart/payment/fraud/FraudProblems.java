package io.securecart.payment.fraud;

import io.securecart.platform.problem.DomainProblems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/** The review API's problem types. */
@Configuration(proxyBeanMethods = false)
public class FraudProblems {

	@Bean
	DomainProblems fraudDomainProblems() {
		return new DomainProblems()
			.map(ScreeningNotFoundException.class, HttpStatus.NOT_FOUND, "not-found", "Not Found")
			.map(ReviewAlreadyDecidedException.class, HttpStatus.CONFLICT, "review-already-decided",
					"Review already decided");
	}
}
