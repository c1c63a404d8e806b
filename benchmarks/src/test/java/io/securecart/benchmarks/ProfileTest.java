package io.securecart.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProfileTest {

	@Test
	void anotherSteadyRateChangesOnlyTheSteadyRateAndSaysSoInTheName() {
		Profile standard = Profile.standard();

		Profile faster = standard.withSteadyRate(16);

		assertThat(faster.steadyRate()).isEqualTo(16);
		assertThat(faster.name()).isEqualTo("standard, steady at 16.0/s");
		assertThat(faster.steadySeconds()).isEqualTo(standard.steadySeconds());
		assertThat(faster.backlogOrders()).isEqualTo(standard.backlogOrders());
	}

	@Test
	void refusesARateThatIsNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> Profile.standard().withSteadyRate(0))
			.withMessageContaining("positive");
		assertThatIllegalArgumentException().isThrownBy(() -> Profile.standard().withSteadyRate(Double.NaN));
	}

	@Test
	void anotherBacklogChangesOnlyTheBacklogAndSaysSoInTheName() {
		Profile standard = Profile.standard();

		Profile large = standard.withBacklogOrders(10_000);

		assertThat(large.backlogOrders()).isEqualTo(10_000);
		assertThat(large.name()).isEqualTo("standard, backlog of 10000");
		assertThat(large.backlogRate()).isEqualTo(standard.backlogRate());
		assertThat(large.steadyRate()).isEqualTo(standard.steadyRate());
	}

	@Test
	void refusesABacklogTooSmallToCutIntoTenths() {
		assertThatIllegalArgumentException().isThrownBy(() -> Profile.standard().withBacklogOrders(19))
			.withMessageContaining("tenths");
	}

	@Test
	void anotherSteadyWarmUpChangesOnlyTheWarmUpAndSaysSoInTheName() {
		Profile standard = Profile.standard();

		Profile later = standard.withSteadyWarmUp(600);

		assertThat(later.steadyWarmUpSeconds()).isEqualTo(600);
		assertThat(later.name()).isEqualTo("standard, steady after 600 s of warm-up");
		assertThat(later.steadySeconds()).isEqualTo(standard.steadySeconds());
		assertThat(later.steadyRate()).isEqualTo(standard.steadyRate());
	}

	@Test
	void refusesANegativeWarmUp() {
		assertThatIllegalArgumentException().isThrownBy(() -> Profile.standard().withSteadyWarmUp(-1))
			.withMessageContaining("0 or more");
	}
}
