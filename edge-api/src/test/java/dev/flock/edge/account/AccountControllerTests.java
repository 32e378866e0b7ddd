package dev.flock.edge.account;

import static dev.flock.edge.AsyncAnswers.answer;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flock.contracts.MessageType;
import dev.flock.edge.EdgeWebTest;
import dev.flock.edge.auth.Passwords;
import dev.flock.edge.command.CommandGateway;
import dev.flock.edge.read.ReadCaches;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@EdgeWebTest(AccountController.class)
class AccountControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CommandGateway commands;

    @MockitoBean
    AccountReadModel accounts;

    @MockitoBean
    Passwords passwords;

    @MockitoBean
    ReadCaches caches;

    @Test
    void aValidRegistrationIsHandedOnAsACommand() throws Exception {
        when(commands.accept(any(), any(), any(), any()))
                .thenReturn(CompletableFuture.completedFuture(
                        ResponseEntity.accepted().build()));

        answer(mvc, register("{\"username\":\"bob_1\",\"password\":\"correct horse\"}"))
                .andExpect(status().isAccepted());

        verify(commands).accept(any(), eq(MessageType.ACCOUNT_REGISTER), any(), any());
    }

    @Test
    void anInvalidRegistrationListsEveryBrokenRule() throws Exception {
        mvc.perform(register("{\"username\":\"a b\",\"password\":\"short\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:flock:problem:validation-failed"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("username", "password")))
                .andExpect(jsonPath("$.errors[*].message").isNotEmpty());
        verifyNoInteractions(commands);
    }

    @Test
    void theAdminUsernameIsReservedInAnyCase() throws Exception {
        mvc.perform(register("{\"username\":\"Admin\",\"password\":\"correct horse\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("username")));
        verifyNoInteractions(commands);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"username\":\"bob_1\",\"password\":\"correct horse\",\"admin\":true}",
                "{\"username\":\"bob_1\",\"username\":\"bob_2\",\"password\":\"correct horse\"}",
                "{\"username\":\"bob_1\",\"password\":",
                "{\"username\":\"bob_1\",\"password\":\"correct horse\"} trailing",
                "{\"username\":42,\"password\":\"correct horse\"}",
                "[]",
                ""
            })
    void aBodyThatIsNotExactlyTheExpectedJsonIsABadRequest(String body) throws Exception {
        mvc.perform(register(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", not(containsString("java."))));
        verifyNoInteractions(commands);
    }

    @Test
    void anIdempotencyKeyThatIsNotPrintableAsciiIsABadRequest() throws Exception {
        for (String key : new String[] {"x".repeat(65), "caf\u00e9"}) {
            mvc.perform(register("{\"username\":\"key_1\",\"password\":\"correct horse\"}")
                            .header("Idempotency-Key", key))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("Idempotency-Key")));
        }
        verifyNoInteractions(commands);
    }

    private static MockHttpServletRequestBuilder register(String body) {
        return post("/api/v1/accounts").contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
