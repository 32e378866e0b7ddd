package dev.flock.edge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;
import dev.flock.contracts.FlockHeaders;
import dev.flock.contracts.Topology;
import dev.flock.contracts.command.CreatePost;
import dev.flock.contracts.command.DeletePost;
import dev.flock.edge.EdgeApiApplication;
import dev.flock.platform.consume.FailurePolicy;
import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.message.PermanentFailure;
import dev.flock.platform.topology.WorkQueue;
import dev.flock.testsupport.TestCommands;
import dev.flock.testsupport.TestInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 13: the dead-letter console in a real browser (headless Chromium). An operator logs in, finds the dead-letter
 * queue with its depth, opens it, sees the messages grouped by type and reason, looks at one, dry-runs and replays a
 * group, replays a selection, and sees the queue empty. No worker consumes: what is replayed waits in the work queue.
 * Takes a screenshot of each page, into {@code target/console-screenshots} or {@code -Dflock.console.screenshots=DIR}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + EdgeApiApplication.NAME,
            "flock.admin.password=" + DeadLetterConsoleIT.PASSWORD
        })
class DeadLetterConsoleIT {

    static final String PASSWORD = "console password for the browser test";
    static final String DLQ = Topology.deadLetterQueue(Topology.POST_WORKER_COMMANDS);

    static final TestInfrastructure infrastructure = TestInfrastructure.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infrastructure.register(registry);
    }

    @AfterAll
    static void stopInfrastructure() {
        infrastructure.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    RabbitAdmin admin;

    @Autowired
    FailurePolicy failures;

    @Autowired
    MessageCodec codec;

    private WebDriver browser;
    private WebDriverWait waitFor;

    @BeforeEach
    void postWorkerQueuesAndABrowser() {
        new WorkQueue(
                        Topology.POST_WORKER_COMMANDS,
                        Topology.COMMANDS_EXCHANGE,
                        List.of(Topology.POST_COMMANDS_PATTERN))
                .declarables(List.of())
                .getDeclarables()
                .forEach(declarable -> {
                    if (declarable instanceof Exchange exchange) {
                        admin.declareExchange(exchange);
                    } else if (declarable instanceof Queue queue) {
                        admin.declareQueue(queue);
                    } else if (declarable instanceof Binding binding) {
                        admin.declareBinding(binding);
                    }
                });
        admin.purgeQueue(DLQ);
        browser = HeadlessChromium.start();
        waitFor = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorReplaysAGroupAndASelectionUntilTheQueueIsEmpty() throws IOException {
        for (int i = 0; i < 3; i++) {
            deadLetter(new CreatePost(TestCommands.uniqueId(), "alice", "post " + i), FailureReason.INVALID_PAYLOAD);
        }
        for (int i = 0; i < 2; i++) {
            deadLetter(new DeletePost(TestCommands.uniqueId()), FailureReason.UNSUPPORTED_VERSION);
        }

        browser.get("http://127.0.0.1:" + port + "/admin/console");
        visible("login-form");
        screenshot("console-login");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("login")).click();

        WebElement queueRow = visible(By.cssSelector("#queues tr[data-queue='" + DLQ + "']"));
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#queues tr[data-queue='" + DLQ + "'] .depth"), "5"));
        screenshot("console-queues");

        queueRow.click();
        waitFor.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#groups tr.group"), 2));
        assertThat(groupCount("post.create", "INVALID_PAYLOAD")).isEqualTo("3");
        assertThat(groupCount("post.delete", "UNSUPPORTED_VERSION")).isEqualTo("2");
        browser.findElements(By.cssSelector("#messages tr.message")).get(0).click();
        assertThat(visible("message-payload").getText()).contains("\"text\": \"post 0\"");
        assertThat(browser.findElement(By.id("message-headers")).getText())
                .contains("routingKey post.create", "reason INVALID_PAYLOAD", FlockHeaders.REASON + " INVALID_PAYLOAD");
        screenshot("console-queue");

        group("post.create").findElement(By.cssSelector("button.dry-run")).click();
        assertThat(visible("confirm-text").getText())
                .startsWith("Dry run")
                .contains("3 message(s) of type post.create");
        screenshot("console-confirm");
        browser.findElement(By.id("confirm-ok")).click();
        outcome("Dry run: 3 message(s) would be replayed; nothing moved (5 in the queue).");

        group("post.create").findElement(By.cssSelector("button.replay")).click();
        visible("confirm-ok").click();
        outcome("Replayed 3 of 3 matching message(s); 2 left in the queue.");
        waitFor.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#groups tr.group"), 1));

        browser.findElement(By.id("select-all")).click();
        browser.findElement(By.id("selection-replay")).click();
        assertThat(visible("confirm-text").getText()).contains("2 selected message(s)");
        browser.findElement(By.id("confirm-ok")).click();
        outcome("Replayed 2 of 2 matching message(s); 0 left in the queue.");
        screenshot("console-replayed");

        browser.findElement(By.id("nav-queues")).click();
        waitFor.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#queues tr[data-queue='" + DLQ + "'] .depth"), "0"));
        QueueInformation work = admin.getQueueInfo(Topology.POST_WORKER_COMMANDS);
        assertThat(admin.getQueueInfo(DLQ).getMessageCount()).isZero();
        assertThat(work.getMessageCount()).isEqualTo(5);
    }

    /** As a post worker does with a command it cannot process: a confirmed copy in its dead-letter queue. */
    private void deadLetter(Object payload, FailureReason reason) {
        Envelope<?> command = Envelope.of(TestCommands.uniqueId(), Instant.now(), "author", payload);
        Message delivered = codec.encode(command, command.id());
        delivered.getMessageProperties().setReceivedExchange(Topology.COMMANDS_EXCHANGE);
        delivered.getMessageProperties().setReceivedRoutingKey(command.type());
        assertThat(failures.handle(
                                Topology.POST_WORKER_COMMANDS,
                                delivered,
                                new PermanentFailure(reason, "the test says so"))
                        .deadLettered())
                .isTrue();
    }

    private WebElement group(String type) {
        return browser.findElement(By.cssSelector("#groups tr.group[data-type='" + type + "']"));
    }

    private String groupCount(String type, String reason) {
        return browser.findElement(By.cssSelector(
                        "#groups tr.group[data-type='" + type + "'][data-reason='" + reason + "'] .count"))
                .getText();
    }

    private void outcome(String text) {
        waitFor.until(ExpectedConditions.textToBe(By.id("outcome"), text));
    }

    private WebElement visible(String id) {
        return visible(By.id(id));
    }

    private WebElement visible(By locator) {
        return waitFor.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private void screenshot(String name) throws IOException {
        Path folder = Path.of(System.getProperty("flock.console.screenshots", "target/console-screenshots"));
        Files.createDirectories(folder);
        Path shot = ((org.openqa.selenium.TakesScreenshot) browser)
                .getScreenshotAs(OutputType.FILE)
                .toPath();
        Files.copy(shot, folder.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
