package io.chronicleledger.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver), against the packaged
 * server: create two accounts, deposit, transfer, watch the live stream and the balances, get a clear error for
 * an overdraft, and travel back in time. Screenshots of the main screens go to
 * {@code chronicle-dashboard/target/screenshots/}. Skipped, with the reason, where Chromium is absent.
 */
@Tag("browser")
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = PackagedServer.REPO.resolve("chronicle-dashboard/target/screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private static PackagedServer server;
    private static WebDriver browser;
    private static WebDriverWait await;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver);"
                        + " scripts/setup-services.sh installs them");
        server = PackagedServer.start(Map.of());
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1280,1000");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        await = new WebDriverWait(browser, PATIENCE);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("a person creates accounts, moves money, sees it live, is told no on an overdraft, and travels in time")
    void wholeJourney() throws Exception {
        String alice = "ALICE-" + UUID.randomUUID().toString().substring(0, 8);
        String bob = "BOB-" + UUID.randomUUID().toString().substring(0, 8);
        browser.get("http://127.0.0.1:" + server.dashboardPort() + "/");
        await.until(ExpectedConditions.presenceOfElementLocated(By.id("live-events")));
        screenshot("overview-empty");

        navigate("commands");
        submit("create-account-form", Map.of("account_id", alice, "owner_name", "Alice Doe",
                "initial_balance", "100.00"), true);
        submit("create-account-form", Map.of("account_id", bob, "owner_name", "Bob Roe",
                "initial_balance", "0.00"), true);
        submit("deposit-form", Map.of("account_id", alice, "amount", "50.00", "description", "Salary"), true);
        submit("transfer-form", Map.of("from_account_id", alice, "to_account_id", bob, "amount", "30.00",
                "description", "Rent"), true);
        String overdraft = submit("withdraw-form", Map.of("account_id", bob, "amount", "500.00"), false);
        assertThat(overdraft).as("the server's message for the overdraft").contains("less than");
        screenshot("commands-overdraft");

        navigate("overview");
        await.until(driver -> eventsOf(alice) >= 3 && eventsOf(bob) >= 2);
        assertThat(browser.findElements(By.cssSelector("#live-events li[data-event-type=TransferSent]"
                + "[data-account='" + alice + "']"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#live-events li[data-event-type=TransferReceived]"
                + "[data-account='" + bob + "']"))).hasSize(1);
        await.until(driver -> "120.00".equals(balanceInList(alice)) && "30.00".equals(balanceInList(bob)));
        screenshot("overview");

        browser.findElement(By.cssSelector("#accounts tr[data-account-id='" + alice + "']")).click();
        WebElement view = await.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-view")));
        await.until(driver -> view.findElement(By.cssSelector("[data-role=balance]")).getText().contains("120.00"));
        assertThat(browser.findElement(By.id("balance-chart")).isDisplayed()).isTrue();
        screenshot("account");

        WebElement slider = browser.findElement(By.id("time-travel-slider"));
        setRange(slider, slider.getAttribute("min"));
        await.until(driver -> browser.findElement(By.id("time-travel-balance")).getText().contains("100.00"));
        screenshot("time-travel");

        navigate("audit");
        await.until(driver -> !browser.findElements(By.cssSelector("#audit-log li, #audit-log tr")).isEmpty());
        screenshot("audit-log");

        browser.manage().window().setSize(new Dimension(420, 900));
        navigate("overview");
        screenshot("overview-narrow");

        // The browser logs every 4xx the page asked for on purpose (the overdraft) as a failed resource; any
        // other error is the page's own.
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .filteredOn(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .extracting(LogEntry::getMessage)
                .filteredOn(message -> !message.contains("Failed to load resource"))
                .as("errors in the browser's console").isEmpty();
    }

    /** Fills and submits a form; waits for its result; returns the result's text. */
    private static String submit(String formId, Map<String, String> values, boolean expectOk) {
        WebElement form = browser.findElement(By.id(formId));
        values.forEach((name, value) -> {
            WebElement input = form.findElement(By.name(name));
            if (input.getTagName().equals("select")) {
                new Select(input).selectByValue(value);
            } else {
                input.clear();
                input.sendKeys(value);
            }
        });
        WebElement result = form.findElement(By.cssSelector("[data-role=result]"));
        String before = result.getText();
        form.findElement(By.cssSelector("button[type=submit]")).click();
        String expected = expectOk ? "ok" : "error";
        await.until(driver -> result.getAttribute("class").contains(expected) && !result.getText().isBlank()
                && !result.getText().equals(before));
        return result.getText();
    }

    private static void navigate(String section) {
        browser.findElement(By.cssSelector("[data-nav=" + section + "]")).click();
    }

    private static int eventsOf(String account) {
        return browser.findElements(By.cssSelector("#live-events li[data-account='" + account + "']")).size();
    }

    private static String balanceInList(String account) {
        return browser.findElements(By.cssSelector("#accounts tr[data-account-id='" + account + "'] [data-role=balance]"))
                .stream().findFirst().map(WebElement::getText).map(String::trim).orElse("");
    }

    /** Moves a range input as a person would, firing the events the page listens to. */
    private static void setRange(WebElement slider, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", slider, value);
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
