package io.securecart.e2e;

import java.time.Duration;
import java.util.List;

import io.securecart.contracts.MessagingNames;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tier 4 in a real browser: the web console (console module) against the running system, in headless Chromium. A
 * shopper watches an order travel live; another customer's order stays closed; an operator redrives a poisoned
 * message, approves a fraud review, and stops a consumer and starts it again. Screenshots of each go to {@code target/console-screenshots/}.
 * <p>
 * Runs after the other scenarios but the log scan ({@code @Order}): the poisoned message it redrives fails again and
 * returns to its dead-letter queue, which must not surprise ChaosIT's count of dead letters.
 */
@Order(Integer.MAX_VALUE - 1)
class ConsoleBrowserIT {

	/** 2,499.00 USD each; three of them are at least five times the threshold: a person reviews the order. */
	private static final String WORKSTATION = "SC-WORKSTATION-007";

	private static final String POISON = "{\"poison\": \"" + RunningSystem.RUN + "-console\"";

	private static RunningSystem system;

	private static Shopper shopper;

	@BeforeAll
	static void startSystemAndPoisonAQueue() {
		system = RunningSystem.get();
		shopper = new Shopper(system);
		// A body no consumer can read: after maxReceiveCount failed receives (about 15 s of backoff), SQS moves it to
		// the queue's DLQ. Sent first, so that it is dead-lettered while the other scenarios run.
		try (TestMessaging messaging = new TestMessaging(system.infrastructure())) {
			messaging.sendRaw(MessagingNames.NOTIFICATION_QUEUE, "PaymentAuthorized", POISON, null, null);
		}
	}

	@Test
	void signingOutEndsTheIssuersSessionTooSoTheNextSignInAsksForAPassword() {
		// A shared computer: without the issuer's sign-out, the next person's "Sign in" is the last one's, silently.
		String customer = system.newCustomer();
		try (Browser browser = new Browser(system).signIn(customer, RunningSystem.CUSTOMER_PASSWORD)) {
			browser.find(By.cssSelector("form[action$='/logout'] button[type=submit]")).click();
			await("back on the start page, signed out").atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> browser.url().startsWith(system.consoleUrl().toString())
						&& !browser.findAll(By.linkText("Sign in")).isEmpty());

			browser.find(By.linkText("Sign in")).click();

			await("the issuer's login form, not a silent sign-in").atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> browser.find(By.id("username")).isDisplayed());
			assertThat(browser.text("body")).doesNotContain(customer);
		}
	}

	@Test
	void aShopperPlacesAnOrderAndWatchesItReachShippedWithoutReloading() {
		String customer = system.newCustomer();
		try (Browser browser = new Browser(system).signIn(customer, RunningSystem.CUSTOMER_PASSWORD)) {
			browser.open("/catalog?q=mug");
			assertThat(browser.text(".freshness")).containsAnyOf("replica", "primary");
			browser.find(By.linkText("SecureCart mug")).click();
			assertThat(browser.text("#stock")).contains("available");
			browser.find(By.id("quantity")).clear();
			browser.find(By.id("quantity")).sendKeys("2");
			browser.find(By.cssSelector("form.order-form button[type=submit]")).click();

			await("the order page").atMost(Duration.ofSeconds(20)).until(() -> browser.url().contains("/orders/"));
			// A marker in this document: a reload or a navigation would lose it.
			browser.script("window.sameDocument = true;");
			await("SHIPPED, pushed to the open page").atMost(Duration.ofSeconds(90))
				.ignoreExceptions()
				.until(() -> browser.text("#order-status").equals("SHIPPED"));
			assertThat(browser.script("return window.sameDocument === true;")).as("the page was never reloaded")
				.isEqualTo(true);
			assertThat(browser.findAll(By.cssSelector("#timeline li"))
				.stream()
				.map(step -> step.getAttribute("data-event"))
				.toList()).containsSubsequence("OrderPlaced", "PaymentAuthorized", "OrderShipped")
				.contains("StockReserved");
			await("the shipping notification").atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> browser.text("#progress").contains("is on its way"));
			browser.screenshot("tracker");
			browser.resize(Browser.PHONE);
			browser.screenshot("tracker-phone");
		}
	}

	@Test
	void aShopperCannotOpenAnotherCustomersOrder() {
		String owner = system.newCustomer();
		Shopper.Response placed = shopper.placeOrder(owner, "tok_visa", "SC-MUG-002", 1);
		assertThat(placed.status()).isEqualTo(202);

		try (Browser browser = new Browser(system).signIn(system.newCustomer(), RunningSystem.CUSTOMER_PASSWORD)) {
			browser.open("/orders/" + placed.orderId());

			assertThat(browser.text("h1")).as("the problem's title").isNotBlank();
			assertThat(browser.text("[role=alert]")).contains("Status 404", "checkout-service")
				.doesNotContain(owner)
				.doesNotContain("Exception");
			assertThat(browser.findAll(By.id("order-status"))).isEmpty();
			browser.screenshot("other-customers-order");
		}
	}

	@Test
	void anAdminSeesAPoisonedMessageInTheDeadLetterBrowserAndRedrivesIt() {
		try (Browser browser = new Browser(system).signIn("ops", "ops-demo-password")) {
			browser.open("/ops/topology");
			assertThat(browser.text("#gauges")).contains(MessagingNames.NOTIFICATION_QUEUE);
			browser.screenshot("topology");

			String deadLetterQueue = MessagingNames.NOTIFICATION_QUEUE + "-dlq";
			await("the poisoned message in " + deadLetterQueue).atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofSeconds(2))
				.ignoreExceptions()
				.until(() -> {
					browser.open("/ops/dlq");
					browser.find(By.linkText(deadLetterQueue)).click();
					return poisoned(browser) != null;
				});
			WebElement message = poisoned(browser);
			assertThat(message.getText()).contains("Receive count");
			browser.screenshot("dead-letters");

			message.findElement(By.cssSelector("button[type=submit]")).click();

			await("the redrive's notice").atMost(Duration.ofSeconds(20))
				.ignoreExceptions()
				.until(() -> browser.text(".notice").startsWith("Redrove message"));
			assertThat(poisoned(browser)).as("the message left the dead-letter queue").isNull();
		}
	}

	@Test
	void anAdminApprovesAFraudReview() {
		try (Browser browser = new Browser(system).signIn("ops", "ops-demo-password")) {
			Shopper.Response placed = shopper.placeOrder(system.newCustomer(), "tok_visa", WORKSTATION, 3);
			await("under review").atMost(Duration.ofSeconds(30))
				.until(() -> shopper.order(placed.orderId()).path("status").asString().equals("UNDER_REVIEW"));

			browser.open("/ops/fraud-reviews");
			WebElement approve = browser.find(By.cssSelector("button[aria-label='Approve order " + placed.orderId() + "']"));
			browser.screenshot("fraud-review");
			approve.click();

			await("the decision's notice").atMost(Duration.ofSeconds(20))
				.ignoreExceptions()
				.until(() -> browser.text(".notice").contains(placed.orderId()));
			assertThat(browser.text(".notice")).contains("APPROVED");
			// Approved: screening passes and payment charges it. (That it then ships is HighValueOrderIT's to prove;
			// here the rest of the pipeline only has to start.)
			await("paid after the approval").atMost(Duration.ofSeconds(60))
				.until(() -> shopper.order(placed.orderId()).path("timeline").findValuesAsString("event"),
						events -> events.contains("FraudScreeningPassed") && events.contains("PaymentAuthorized"));

			// Its fulfilment workflow, read from Step Functions, and the services' health with the details admins see.
			await("its workflow execution").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofSeconds(2))
				.ignoreExceptions()
				.until(() -> {
					browser.open("/ops/workflows/" + placed.orderId());
					return browser.text("main").contains("ExecutionStarted");
				});
			browser.open("/ops/health");
			assertThat(browser.text("[data-service=payment]")).contains("payment-service", "UP");
		}
	}

	@Test
	void anAdminStopsAConsumerAndNothingIsLostWhileItIsStopped() {
		String row = "#consumer-notification-order-events";
		try (Browser browser = new Browser(system).signIn("ops", "ops-demo-password")) {
			browser.open("/ops/demo");
			browser.find(By.cssSelector(row + " input[name=reason]")).clear();
			browser.find(By.cssSelector(row + " input[name=reason]")).sendKeys("browser test: hold the notifications");
			browser.find(By.cssSelector(row + " button[type=submit]")).click();
			await("the stop's notice").atMost(Duration.ofSeconds(40))
				.ignoreExceptions()
				.until(() -> browser.text(".notice").contains("stopped"));
			assertThat(browser.text(row)).contains("paused", "operator: browser test: hold the notifications");
			browser.screenshot("consumer-stopped");

			Shopper.Response placed = shopper.placeOrder(system.newCustomer(), "tok_visa", "SC-MUG-002", 1);
			await("shipped while notifications wait").atMost(Duration.ofSeconds(90))
				.until(() -> shopper.order(placed.orderId()).path("status").asString().equals("SHIPPED"));
			assertThat(shopper.notifications(placed.orderId()).size()).as("nobody told yet: the consumer is stopped")
				.isZero();

			browser.find(By.cssSelector(row + " button[type=submit]")).click();
			await("the start's notice").atMost(Duration.ofSeconds(20))
				.ignoreExceptions()
				.until(() -> browser.text(".notice").contains("consuming again"));
			await("the waiting notifications delivered").atMost(Duration.ofSeconds(60))
				.until(() -> shopper.notifications(placed.orderId()).size() > 0);
		}
		finally {
			// Whatever failed above, the later scenarios need notification-service consuming.
			system.client(Service.NOTIFICATION, "ops")
				.post()
				.uri("/api/admin/listeners/order-events/resume")
				.retrieve()
				.toBodilessEntity();
		}
	}

	/** The card of this run's poisoned message on the DLQ page, or null. */
	private static WebElement poisoned(Browser browser) {
		List<WebElement> messages = browser.findAll(By.cssSelector("article.message"));
		return messages.stream()
			.filter(card -> String.valueOf(card.getAttribute("textContent")).contains(RunningSystem.RUN + "-console"))
			.findFirst()
			.orElse(null);
	}
}
