package io.securecart.inventory.catalog;

import java.util.Optional;

import io.securecart.contracts.Money;
import io.securecart.inventory.stock.Product;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/** A committed change is answered as done, even when its consistency token cannot be read after the commit. */
class CatalogAdminTest {

	private final ProductAdminRepository products = mock(ProductAdminRepository.class);

	private final ProductCache cache = mock(ProductCache.class);

	private final JdbcClient jdbc = mock(JdbcClient.class);

	private final PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);

	private final CatalogAdmin admin = new CatalogAdmin(products, cache, jdbc, transactions);

	@Test
	void aCountThatCommittedIsAnsweredWithoutATokenWhenThePrimaryCannotBeAskedAfterwards() {
		Product mug = mug(7L);
		Product saved = mug(8L);
		given(transactions.getTransaction(any())).willReturn(new SimpleTransactionStatus());
		given(products.lock("SC-MUG-002")).willReturn(Optional.of(mug));
		given(products.save(mug)).willReturn(saved);
		given(jdbc.sql(anyString())).willThrow(new CannotGetJdbcConnectionException("the primary's pool is empty"));

		ProductChange change = admin.countStock("SC-MUG-002", 120, IfMatch.of("SC-MUG-002", "\"7\""));

		then(mug).should().recordStockCount(120);
		then(transactions).should().commit(any());
		then(cache).should().evict("SC-MUG-002");
		assertThat(change.product().version()).isEqualTo(8);
		assertThat(change.token()).isNull();
	}

	@Test
	void aRefusedCountIsStillA412WhenThePrimaryCannotBeAskedForTheToken() {
		given(transactions.getTransaction(any())).willReturn(new SimpleTransactionStatus());
		Product changedSince = mug(9L);
		given(products.lock("SC-MUG-002")).willReturn(Optional.of(changedSince));
		given(jdbc.sql(anyString())).willThrow(new CannotGetJdbcConnectionException("the primary's pool is empty"));

		assertThatExceptionOfType(ProductChangedException.class)
			.isThrownBy(() -> admin.countStock("SC-MUG-002", 120, IfMatch.of("SC-MUG-002", "\"7\"")))
			.satisfies(refused -> assertThat(refused.token()).isNull());
	}

	private static Product mug(long version) {
		Product mug = mock(Product.class);
		given(mug.getSku()).willReturn("SC-MUG-002");
		given(mug.getName()).willReturn("SecureCart mug");
		given(mug.getPrice()).willReturn(Money.of("12.50"));
		given(mug.getVersion()).willReturn(version);
		return mug;
	}
}
