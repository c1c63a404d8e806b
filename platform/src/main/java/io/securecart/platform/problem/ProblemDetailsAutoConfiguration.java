package io.securecart.platform.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.securecart.platform.security.SecurityProblems;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * One problem+json shape in every service: the platform's {@link ProblemDetailsHandler} (a service may replace it
 * with its own {@link ResponseEntityExceptionHandler} bean), fed with every {@link DomainProblems} bean. Runs before
 * Spring Boot's MVC configuration, whose own problem details handler then backs off.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ProblemDetailsAutoConfiguration {

	/** A DLQ request the broker could not serve is worth trying again this soon. */
	static final String BROKER_RETRY_AFTER_SECONDS = "5";

	@Bean
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	ProblemDetailsHandler problemDetailsHandler(ObjectProvider<DomainProblems> domainProblems) {
		return new ProblemDetailsHandler(domainProblems.orderedStream().toList());
	}

	/** The platform's own: the DLQ, outbox and listener admin APIs'. */
	@Bean
	@ConditionalOnMissingBean(name = "platformProblems")
	DomainProblems platformProblems() {
		return new DomainProblems()
			.map(io.securecart.platform.dlq.UnknownQueueException.class, HttpStatus.NOT_FOUND, "unknown-queue",
					"Unknown queue")
			.map(io.securecart.platform.dlq.DeadLetterMessageNotFoundException.class, HttpStatus.NOT_FOUND,
					"dead-letter-message-not-found", "Dead-letter message not found")
			.map(io.securecart.platform.dlq.BrokerUnavailableException.class, HttpStatus.SERVICE_UNAVAILABLE,
					"broker-unavailable", "Message broker unavailable",
					(ex, problem, headers) -> headers.set(HttpHeaders.RETRY_AFTER, BROKER_RETRY_AFTER_SECONDS))
			.map(io.securecart.platform.outbox.SetAsideRowNotFoundException.class, HttpStatus.NOT_FOUND,
					"set-aside-row-not-found", "Set-aside outbox row not found")
			.map(io.securecart.platform.messaging.UnknownListenerException.class, HttpStatus.NOT_FOUND,
					"unknown-listener", "Unknown listener");
	}

	/**
	 * A request Spring Security's firewall refuses before any controller sees it (an encoded slash, a control
	 * character in the path...): 400 problem+json too, not a bare status.
	 */
	@Bean
	@ConditionalOnMissingBean
	RequestRejectedHandler requestRejectedProblem() {
		return (HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex) -> SecurityProblems
			.write(request, response, HttpStatus.BAD_REQUEST, ProblemTypes.BAD_REQUEST,
					"The request's URL or headers are not allowed");
	}
}
