package io.securecart.stockalerts;

import java.time.Clock;

import io.securecart.contracts.events.OrderEventCodec;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The function bean, {@value #FUNCTION}, wherever it runs: Spring Cloud Function's AWS adapter looks it up by that
 * name on Lambda ({@link StockAlertsFunctionApplication}); inventory-service imports this configuration and its
 * listener calls the same bean. The host provides the {@link StockLevelPublisher}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StockAlertsProperties.class)
public class StockAlertsFunctionConfiguration {

	/** The function's name: {@code spring.cloud.function.definition} on Lambda. */
	public static final String FUNCTION = "stockLevelChanges";

	@Bean(FUNCTION)
	StockLevelChanges stockLevelChanges(StockAlertsProperties properties, StockLevelPublisher publisher,
			ObjectProvider<Clock> clock) {
		// A service host has its Clock bean; the Lambda's context has none.
		return new StockLevelChanges(new StockLevels(properties.lowStockThreshold()), publisher,
				OrderEventCodec.standalone(), clock.getIfAvailable(Clock::systemUTC));
	}
}
