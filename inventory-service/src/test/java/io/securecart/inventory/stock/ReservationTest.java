package io.securecart.inventory.stock;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ReservationTest {

	private final UUID orderId = UUID.randomUUID();

	@Test
	void startsReserved() {
		Reservation reservation = Reservation.of(orderId, "SC-MUG-002", 2);

		assertThat(reservation.status()).isEqualTo(ReservationStatus.RESERVED);
		assertThat(reservation.getId()).isEqualTo(new ReservationId(orderId, "SC-MUG-002"));
		assertThat(reservation.quantity()).isEqualTo(2);
	}

	@Test
	void commitsOnce() {
		Reservation reservation = Reservation.of(orderId, "SC-MUG-002", 2);

		reservation.commit();

		assertThat(reservation.status()).isEqualTo(ReservationStatus.COMMITTED);
		assertThatIllegalStateException().isThrownBy(reservation::commit).withMessageContaining("COMMITTED");
	}

	@Test
	void releasesOnceAndNeverAfterShipping() {
		Reservation reservation = Reservation.of(orderId, "SC-MUG-002", 2);

		reservation.release();

		assertThat(reservation.status()).isEqualTo(ReservationStatus.RELEASED);
		assertThatIllegalStateException().isThrownBy(reservation::release).withMessageContaining("RELEASED");
		assertThatIllegalStateException().isThrownBy(reservation::commit);
		Reservation shipped = Reservation.of(orderId, "SC-CAP-001", 1);
		shipped.commit();
		assertThatIllegalStateException().isThrownBy(shipped::release).withMessageContaining("COMMITTED");
	}

	@Test
	void quantityMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> Reservation.of(orderId, "SC-MUG-002", 0));
	}

	@Test
	void onlyAReleasedReservationShipsAfterItsRelease() {
		Reservation reservation = Reservation.of(UUID.randomUUID(), "SC-MUG-002", 2);
		assertThatIllegalStateException().isThrownBy(reservation::shippedAfterRelease);

		reservation.release();
		reservation.shippedAfterRelease();

		assertThat(reservation.status()).isEqualTo(ReservationStatus.SHIPPED_ANYWAY);
		assertThatIllegalStateException().isThrownBy(reservation::shippedAfterRelease);
	}
}
