package io.securecart.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import io.securecart.testsupport.RepositoryRoot;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.awaitility.Awaitility.await;

/**
 * A headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven by Selenium, with a
 * cookie jar of its own: one signed-in user. Nothing is downloaded.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** Where the scenarios' screenshots go. */
	static final Path SCREENSHOTS = RepositoryRoot.find().resolve("e2e-tests/target/console-screenshots");

	static final Dimension DESKTOP = new Dimension(1280, 900);

	static final Dimension PHONE = new Dimension(390, 844);

	private final ChromeDriver driver;

	private final String consoleUrl;

	Browser(RunningSystem system) {
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--no-first-run", "--window-size=1280,900");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.consoleUrl = system.consoleUrl().toString();
	}

	/** Signs in through the authorization server's login form (authorization code + PKCE, as a person does). */
	Browser signIn(String user, String password) {
		open("/");
		driver.findElement(By.linkText("Sign in")).click();
		await("the sign-in form").atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> driver.findElement(By.id("username")).isDisplayed());
		driver.findElement(By.id("username")).sendKeys(user);
		driver.findElement(By.id("password")).sendKeys(password);
		driver.findElement(By.cssSelector("button[type=submit]")).click();
		await("back in the console, signed in as " + user).atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> driver.getCurrentUrl().startsWith(consoleUrl) && text("header").contains(user));
		return this;
	}

	void open(String path) {
		driver.get(consoleUrl + path);
	}

	String url() {
		return driver.getCurrentUrl();
	}

	WebElement find(By by) {
		return driver.findElement(by);
	}

	List<WebElement> findAll(By by) {
		return driver.findElements(by);
	}

	String text(String css) {
		return driver.findElement(By.cssSelector(css)).getText();
	}

	Object script(String script) {
		return ((JavascriptExecutor) driver).executeScript(script);
	}

	void resize(Dimension size) {
		driver.manage().window().setSize(size);
	}

	/** Saves a screenshot as {@code target/console-screenshots/<name>.png}. */
	Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
			Path target = SCREENSHOTS.resolve(name + ".png");
			Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		driver.quit();
	}
}
