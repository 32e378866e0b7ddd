package dev.flock.edge.command;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flock.contracts.MessageType;
import dev.flock.edge.EdgeWebTest;
import dev.flock.edge.auth.SecurityProperties;
import dev.flock.edge.read.ReadCircuitBreaker;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.command.CommandLogs;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@EdgeWebTest(CommandStatusController.class)
@Import(CommandIds.class)
class CommandStatusControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    CommandIds ids;

    @MockitoBean
    CommandLogs logs;

    @MockitoBean
    ReadCircuitBreaker breaker;

    private final CommandLog postWorkerLog = mock(CommandLog.class);

    @BeforeEach
    void noWorkerHasFinishedAnything() {
        when(breaker.read(any()))
                .thenAnswer(call -> call.<Supplier<?>>getArgument(0).get());
        when(logs.of("post.create")).thenReturn(postWorkerLog);
        when(postWorkerLog.find(any())).thenReturn(Optional.empty());
    }

    @Test
    void anIssuedCommandIsPendingWhileItsWorkerHasNoOutcome() throws Exception {
        IssuedCommand issued = ids.issue(MessageType.POST_CREATE);

        mvc.perform(get("/api/v1/commands/" + issued.commandId()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.commandId").value(issued.commandId()))
                .andExpect(jsonPath("$.type").value("post.create"))
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.resourceId").value(issued.resourceId()))
                .andExpect(jsonPath("$.acceptedAt").isString())
                .andExpect(jsonPath("$.completedAt").doesNotExist());
    }

    @Test
    void anIdSignedWithAnotherSecretIsNotFound() throws Exception {
        String foreign = new CommandIds(
                        new SecurityProperties("another secret, another system.".repeat(2), Duration.ofHours(1)))
                .issue(MessageType.POST_CREATE)
                .commandId();

        expectNotFound(foreign);
    }

    @Test
    void anotherSpellingOfAnIssuedIdIsNotFound() throws Exception {
        String issued = ids.issue(MessageType.POST_CREATE).commandId();

        expectNotFound(issued + "==");
    }

    private void expectNotFound(String commandId) throws Exception {
        mvc.perform(get("/api/v1/commands/" + commandId))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Not found"));
        verifyNoInteractions(logs);
    }
}
