package io.securecart.payment.replay;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeReplayResponse;
import software.amazon.awssdk.services.eventbridge.model.ReplayDestination;
import software.amazon.awssdk.services.eventbridge.model.StartReplayRequest;

import org.springframework.stereotype.Service;

/**
 * Replays a window of the archived order events into the {@code securecart} bus, where the rules route them again as
 * if they had just happened (each carries a {@code replay-name}). Every consumer is idempotent by event id, so a
 * replay redoes only what was never done: an order whose screening was lost is screened, and one already screened is
 * not screened, charged or notified again.
 */
@Service
class EventReplays {

	private static final Logger log = LoggerFactory.getLogger(EventReplays.class);

	private final EventBridgeClient events;

	private final Clock clock;

	EventReplays(EventBridgeClient events, Clock clock) {
		this.events = events;
		this.clock = clock;
	}

	/** @throws InvalidReplayWindowException when the window is empty, or reaches into the future */
	ReplayView start(Instant from, Instant to) {
		if (!from.isBefore(to)) {
			throw new InvalidReplayWindowException("'from' must be before 'to'");
		}
		if (to.isAfter(clock.instant())) {
			throw new InvalidReplayWindowException("'to' must not be in the future");
		}
		String archiveArn = events
			.describeArchive(request -> request.archiveName(MessagingNames.ORDER_EVENTS_ARCHIVE))
			.archiveArn();
		String busArn = events.describeEventBus(request -> request.name(MessagingNames.EVENT_BUS)).arn();
		String name = "replay-" + UUID.randomUUID();
		events.startReplay(StartReplayRequest.builder()
			.replayName(name)
			.description("order events from %s to %s".formatted(from, to))
			.eventSourceArn(archiveArn)
			.eventStartTime(from)
			.eventEndTime(to)
			.destination(ReplayDestination.builder().arn(busArn).build())
			.build());
		log.info("Replay {} of {} from {} to {} into {} started", name, MessagingNames.ORDER_EVENTS_ARCHIVE, from, to,
				MessagingNames.EVENT_BUS);
		return replay(name);
	}

	ReplayView replay(String name) {
		DescribeReplayResponse replay = events.describeReplay(request -> request.replayName(name));
		return new ReplayView(replay.replayName(), replay.stateAsString(), replay.eventStartTime(),
				replay.eventEndTime(), replay.replayStartTime(), replay.replayEndTime());
	}

	record ReplayView(String name, String state, Instant from, Instant to, Instant startedAt, Instant endedAt) {
	}
}
