package io.securecart.stockalerts;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.contracts.events.StockLevelChanged.Level;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

/** What a publish to the stock-events topic sends, and how long it may take. */
class SnsStockLevelPublisherTest {

	@Test
	void aPublishIsBoundedWellWithinTheLambdasTimeoutAndCarriesTheEventType() {
		// The interface's conveniences (a publish built from a consumer) run as they would; the call itself is stubbed.
		SnsClient sns = mock(SnsClient.class, withSettings().defaultAnswer(CALLS_REAL_METHODS));
		doReturn(PublishResponse.builder().messageId("1").build()).when(sns).publish(any(PublishRequest.class));
		StockLevelChanged event = stockLevelChanged();

		new SnsStockLevelPublisher(sns, "arn:aws:sns:us-east-1:000000000000:stock-events",
				OrderEventCodec.standalone())
			.publish(event);

		ArgumentCaptor<PublishRequest> sent = ArgumentCaptor.forClass(PublishRequest.class);
		then(sns).should().publish(sent.capture());
		assertThat(sent.getValue().topicArn()).isEqualTo("arn:aws:sns:us-east-1:000000000000:stock-events");
		assertThat(sent.getValue().messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stringValue())
			.isEqualTo(event.eventType());
		assertThat(sent.getValue().overrideConfiguration().flatMap(AwsRequestOverrideConfiguration::apiCallTimeout))
			.hasValueSatisfying(timeout -> assertThat(timeout).isPositive().isLessThan(Duration.ofSeconds(20)));
	}

	private static StockLevelChanged stockLevelChanged() {
		return new StockLevelChanged(UUID.randomUUID(), "SC-MUG-002", Level.OUT_OF_STOCK, Level.IN_STOCK, 12, 5,
				Instant.parse("2026-12-06T12:00:00Z"));
	}
}
