package io.securecart.inventory.recommendation;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The read model "customers who viewed or bought this also bought". A customer's interest in a product (a view, a
 * cart addition, a purchase) and a purchase each turn a flag true once; only that transition counts in
 * {@code product_affinity}. Replaying a record, or an event redelivered, changes nothing: the read model is idempotent
 * by its own keys, whatever the stream or the queue delivers twice.
 * <p>
 * The stream's consumer and the order-events listener both write here, concurrently: each write takes one
 * transaction-scoped advisory lock first, the read model's, so its writers take turns. A lock per customer was not
 * enough: a batch of the stream (many customers, one transaction) and a shipped order's transaction upserted the same
 * {@code product_affinity} rows in different orders and deadlocked, and as the stream retries its batch, one order's
 * event deadlocked five times in a row and ended in the DLQ (ChaosIT, session 30; {@code AlsoBoughtConcurrencyIT}
 * replays it). An order's transaction takes this lock before any stock row, and nothing that holds a stock row waits
 * for it: no cycle. A shipment holding it may wait for its products' rows behind a reservation of the same product,
 * and the stream's batch and other shipments wait meanwhile; taken after the stock rows instead, it would hold hot
 * products (and so the customer-facing reservations) behind a stream batch, which is worse.
 */
@Component
public class AlsoBought {

	private static final int[] BANDS = { 10, 25, 50, 100, 250, 500, 1_000 };

	private final JdbcClient jdbc;

	AlsoBought(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * {@code customerId} viewed {@code sku} or put it in a cart. Only a product of the catalog counts: a cart takes any
	 * well-formed SKU, and a script adding made-up ones would otherwise grow the read model without bound.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void interested(String customerId, String sku) {
		lockTheReadModel();
		int newlyInterested = jdbc.sql("""
				insert into customer_product_interest (customer_id, sku, interested)
				select :customer, :sku, true where exists (select 1 from product where sku = :sku)
				on conflict (customer_id, sku) do update set interested = true
				where not customer_product_interest.interested
				""").param("customer", customerId).param("sku", sku).update();
		if (newlyInterested == 1) {
			countAsAlsoBoughtBy(customerId, sku);
		}
	}

	/** {@code customerId} bought each of {@code skus} (their order shipped). */
	@Transactional(propagation = Propagation.MANDATORY)
	public void bought(String customerId, Collection<String> skus) {
		lockTheReadModel();
		for (String sku : skus.stream().distinct().sorted().toList()) {
			Optional<Interest> before = jdbc.sql("""
					select interested, bought from customer_product_interest where customer_id = :customer and sku = :sku
					""")
				.param("customer", customerId)
				.param("sku", sku)
				.query((rs, row) -> new Interest(rs.getBoolean("interested"), rs.getBoolean("bought")))
				.optional();
			if (before.map(Interest::bought).orElse(false)) {
				continue;
			}
			boolean wasInterested = before.map(Interest::interested).orElse(false);
			jdbc.sql("""
					insert into customer_product_interest (customer_id, sku, interested, bought)
					values (:customer, :sku, true, true)
					on conflict (customer_id, sku) do update set interested = true, bought = true
					""").param("customer", customerId).param("sku", sku).update();
			// Everything this customer showed interest in: its customers also bought this one.
			jdbc.sql("""
					insert into product_affinity (sku, also_bought_sku, customers)
					select i.sku, :sku, 1 from customer_product_interest i
					where i.customer_id = :customer and i.interested and i.sku <> :sku
					on conflict (sku, also_bought_sku) do update set customers = product_affinity.customers + 1
					""").param("customer", customerId).param("sku", sku).update();
			if (!wasInterested) {
				countAsAlsoBoughtBy(customerId, sku);
			}
		}
	}

	/** A customer newly interested in {@code sku}: what they bought counts as also bought by its customers. */
	private void countAsAlsoBoughtBy(String customerId, String sku) {
		jdbc.sql("""
				insert into product_affinity (sku, also_bought_sku, customers)
				select :sku, b.sku, 1 from customer_product_interest b
				where b.customer_id = :customer and b.bought and b.sku <> :sku
				on conflict (sku, also_bought_sku) do update set customers = product_affinity.customers + 1
				""").param("customer", customerId).param("sku", sku).update();
	}

	private void lockTheReadModel() {
		jdbc.sql("select pg_advisory_xact_lock(hashtextextended('also-bought', 0))").query((rs, row) -> 1).list();
	}

	/**
	 * What customers interested in {@code sku} also bought, most customers first, each backed by at least
	 * {@code minCustomers} customers other than {@code caller}; empty when the catalog has no such product.
	 * <p>
	 * The caller's own interest and purchases never count toward what they are shown: else someone who bought a product
	 * once and viewed every other would be one of the customers behind each pair, and at a threshold of two learn what
	 * the one other buyer viewed. The counts shown are bands ({@link #band}), so that a pair crossing from one count to
	 * the next does not tell that one more customer acted.
	 * @param caller the customer asking, whose own activity is left out; null for an admin or a service
	 */
	// One snapshot for both statements: the caller's interest in this product, recorded by the very page view asking,
	// could land between them, and the candidates would be counted without it and ranked with it taken off.
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public Optional<List<Recommendation>> of(String sku, @Nullable String caller, int minCustomers, int limit) {
		boolean known = jdbc.sql("select exists (select 1 from product where sku = :sku)")
			.param("sku", sku)
			.query(Boolean.class)
			.single();
		if (!known) {
			return Optional.empty();
		}
		// The caller lowers a pair's count by one at most, and only the pairs of products they bought, and only if
		// they showed interest in this one: the first limit + that many candidates in the index's order hold the
		// answer, however many pairs the product has.
		int lowerable = caller == null ? 0 : jdbc.sql(LOWERABLE).param("sku", sku).param("caller", caller)
			.query(Integer.class)
			.single();
		return Optional.of(jdbc.sql(RECOMMENDATIONS)
			.param("sku", sku)
			.param("caller", caller == null ? "" : caller)
			.param("min", minCustomers)
			.param("candidates", limit + lowerable)
			.param("limit", limit)
			.query((rs, row) -> new Recommendation(rs.getString(1), rs.getString(2), band(rs.getInt(3), minCustomers)))
			.list());
	}

	/** How many of {@code sku}'s pairs {@code caller} backs: what they bought, if they showed interest in it. */
	private static final String LOWERABLE = """
			select count(*) from customer_product_interest b
			where b.customer_id = :caller and b.bought and b.sku <> :sku
			  and exists (select 1 from customer_product_interest i
			              where i.customer_id = :caller and i.sku = :sku and i.interested)
			""";

	/**
	 * The top {@code :candidates} pairs read in {@code product_affinity_ranking}'s order (an index scan that stops
	 * there), the caller's own backing taken off, the threshold applied and ranked again.
	 */
	static final String RECOMMENDATIONS = """
			select also_bought_sku, name, others from (
			    select c.also_bought_sku, p.name,
			           c.customers - case when coalesce(me.interested, false) and coalesce(mine.bought, false)
			                              then 1 else 0 end as others
			    from (select a.sku, a.also_bought_sku, a.customers from product_affinity a
			          where a.sku = :sku and a.customers >= :min
			          order by a.customers desc, a.also_bought_sku
			          limit :candidates) c
			    join product p on p.sku = c.also_bought_sku
			    left join customer_product_interest me
			           on me.customer_id = :caller and me.sku = c.sku
			    left join customer_product_interest mine
			           on mine.customer_id = :caller and mine.sku = c.also_bought_sku
			) backed
			where others >= :min
			order by others desc, also_bought_sku
			limit :limit
			""";

	/**
	 * A count shown as the lower bound of its band: the threshold, then 10, 25, 50, 100, 250, 500, 1,000, then whole
	 * thousands. Ranking still follows the exact counts.
	 */
	static int band(int customers, int minCustomers) {
		int shown = minCustomers;
		for (int bound : BANDS) {
			if (bound > minCustomers && customers >= bound) {
				shown = bound;
			}
		}
		return customers >= 2_000 ? customers / 1_000 * 1_000 : shown;
	}

	private record Interest(boolean interested, boolean bought) {
	}

	/**
	 * @param customers at least this many distinct customers interested in the product, other than the caller, bought
	 * this one: the lower bound of a band, never the exact count
	 */
	public record Recommendation(String sku, String name, int customers) {
	}
}
