package io.securecart.checkout.order;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.securecart.checkout.catalog.CatalogClient;
import io.securecart.checkout.catalog.CatalogProduct;
import io.securecart.checkout.catalog.CatalogUnavailableException;
import io.securecart.checkout.catalog.UnknownSkuException;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;

import org.springframework.stereotype.Service;

/**
 * {@code POST /api/orders} behind the controller: answers a replayed request with the order it placed, otherwise
 * prices the items from the catalog (outside any transaction: no database connection waits on HTTP) and places the
 * order. Then the {@link PaymentPort} has its say before the answer: nothing to do in the decoupled mode, the
 * payment decision to wait for in the coupled one.
 */
@Service
public class Checkout {

	private final CatalogClient catalog;

	private final Orders orders;

	private final PaymentPort payment;

	Checkout(CatalogClient catalog, Orders orders, PaymentPort payment) {
		this.catalog = catalog;
		this.orders = orders;
		this.payment = payment;
	}

	/**
	 * @param customerId the token's subject: who orders and pays
	 * @throws IdempotencyKeyReusedException if the key placed an order for a different request
	 * @throws UnknownSkuException if the catalog has no such product
	 * @throws CatalogUnavailableException if the catalog cannot price an item and no earlier price is known
	 * @throws MixedCurrenciesException if the catalog prices the items in more than one currency
	 * @throws OrderTotalTooLargeException if the items total more than an order may ({@link Order#MAX_TOTAL})
	 * @throws PaymentUnavailableException in the coupled mode, if payment could not decide; the order is saved, and
	 * the same request again asks payment again
	 * @throws PaymentRequestRefusedException in the coupled mode, if payment refused for good to take the order's
	 * payment request: the order is cancelled, and nothing was charged; so again for the same request replayed
	 */
	public OrderView placeOrder(String idempotencyKey, String customerId, PlaceOrderRequest request) {
		return placeOrder(idempotencyKey, customerId, request, List.of());
	}

	/**
	 * {@link #placeOrder(String, String, PlaceOrderRequest)} for a cart's checkout: a new order records the cart lines
	 * it is placed from, so that a retry removes exactly those.
	 */
	public OrderView placeOrder(String idempotencyKey, String customerId, PlaceOrderRequest request,
			List<OrderedCartLine> fromCart) {
		String fingerprint = request.fingerprint(customerId);
		OrderView order = orders.replay(customerId, idempotencyKey, fingerprint)
			.orElseGet(() -> orders.place(new PlaceOrder(idempotencyKey, fingerprint, customerId,
					price(request.items()), request.paymentToken(), fromCart)));
		if (order.cancellationReason() == CancellationReason.PAYMENT_REQUEST_REFUSED) {
			// The same key, the same outcome: the first answer was 502, and a 202 now would tell the client otherwise.
			throw PaymentRequestRefusedException.replayed(order.id());
		}
		try {
			payment.beforeAnswering(order, request.paymentToken());
		}
		catch (PaymentRequestRefusedException refused) {
			// Told not to retry, the customer must not find the order charged later, nor waiting for ever: it ends
			// cancelled, unless an event decided it first (ADR 42, amended 2026-12-06).
			OrderView now = orders.paymentRequestRefused(order.id(), refused.why());
			if (now.cancellationReason() == CancellationReason.PAYMENT_REQUEST_REFUSED) {
				throw refused;
			}
			return now;
		}
		return order;
	}

	/**
	 * Looks up each distinct SKU once, all in parallel; all in one currency, which an order is totalled in, and no more
	 * than an order may total: checked before the key is claimed or anything saved, as a price is only known here.
	 */
	private List<OrderLine> price(List<PlaceOrderRequest.Item> items) {
		Map<String, CompletableFuture<CatalogProduct>> lookups = new LinkedHashMap<>();
		items.forEach(item -> lookups.computeIfAbsent(item.sku(), catalog::product));
		List<OrderLine> lines = items.stream()
			.map(item -> new OrderLine(item.sku(), item.quantity(), await(lookups.get(item.sku())).unitPrice()))
			.toList();
		List<String> currencies = lines.stream().map(line -> line.unitPrice().currency()).distinct().toList();
		if (currencies.size() > 1) {
			throw new MixedCurrenciesException(currencies);
		}
		Money total = lines.stream().map(OrderLine::lineTotal).reduce(Money::plus).orElseThrow();
		if (total.amount().compareTo(Order.MAX_TOTAL) > 0) {
			throw new OrderTotalTooLargeException(total, Order.MAX_TOTAL);
		}
		return lines;
	}

	private static CatalogProduct await(CompletableFuture<CatalogProduct> lookup) {
		try {
			return lookup.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}
}
