package dev.flock.edge.account;

import static dev.flock.edge.AsyncAnswers.answer;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flock.edge.EdgeWebTest;
import dev.flock.edge.command.CommandGateway;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Issue 10, finding 8: an account id is checked (length, alphabet) before a command carries it to the broker. */
@EdgeWebTest(FollowController.class)
class FollowControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CommandGateway commands;

    @MockitoBean
    AccountReadModel accounts;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x",
                "01HZZZZZZZZZZZZZZZZZZZZZZZ0",
                "01hzzzzzzzzzzzzzzzzzzzzzzz",
                "01HZZZZZZZZZZZZZZZZZZZZZZU",
                "../../admin",
                "$where: 1",
                "01HZZZZZZZZZZZZZZZZZZZZZ\u0000Z"
            })
    void aFollowOfSomethingThatIsNoAccountIdIsABadRequestAndNoCommand(String accountId) throws Exception {
        mvc.perform(post("/api/v1/accounts/me/following")
                        .with(caller())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"accountId\":\"" + accountId.replace("\u0000", "\\u0000") + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("accountId"));
        verifyNoInteractions(commands);
    }

    @Test
    void aFollowOfAnAccountIdOf10KiBIsABadRequestAndNoCommand() throws Exception {
        mvc.perform(post("/api/v1/accounts/me/following")
                        .with(caller())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"accountId\":\"" + "A".repeat(10 * 1024) + "\"}"))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(commands);
    }

    @Test
    void anUnfollowOfSomethingThatIsNoAccountIdIsABadRequestAndNoCommand() throws Exception {
        mvc.perform(delete("/api/v1/accounts/me/following/" + "Z".repeat(300)).with(caller()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("accountId"));
        verifyNoInteractions(commands);
    }

    @Test
    void aFollowOfAWellFormedAccountIdIsHandedOn() throws Exception {
        when(commands.accept(any(), any(), any(), any()))
                .thenReturn(CompletableFuture.completedFuture(
                        ResponseEntity.accepted().build()));

        answer(
                        mvc,
                        post("/api/v1/accounts/me/following")
                                .with(caller())
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"accountId\":\"01HZZZZZZZZZZZZZZZZZZZZZZZ\"}"))
                .andExpect(status().isAccepted());
    }

    private static RequestPostProcessor caller() {
        return jwt().jwt(token -> token.subject("01HAAAAAAAAAAAAAAAAAAAAAAA").claim("username", "caller"))
                .authorities(new SimpleGrantedAuthority("SCOPE_user"));
    }
}
