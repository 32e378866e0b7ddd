package dev.flock.edge.post;

import static dev.flock.edge.AsyncAnswers.answer;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flock.contracts.MessageType;
import dev.flock.edge.EdgeWebTest;
import dev.flock.edge.account.AccountReadModel;
import dev.flock.edge.command.CommandGateway;
import dev.flock.edge.read.ReadCaches;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@EdgeWebTest(PostController.class)
class PostControllerTests {

    /** JSON escapes of U+1F426: one character, two UTF-16 units. */
    private static final String BIRD = "\\uD83D\\uDC26";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CommandGateway commands;

    @MockitoBean
    PostReadModel posts;

    @MockitoBean
    AccountReadModel accounts;

    @MockitoBean
    ReadCaches caches;

    @Test
    void textOf280CharactersIsAcceptedHowEverManyUtf16UnitsItTakes() throws Exception {
        when(commands.accept(any(), any(), any(), any()))
                .thenReturn(CompletableFuture.completedFuture(
                        ResponseEntity.accepted().build()));

        answer(mvc, newPost("{\"text\":\"" + BIRD.repeat(280) + "\"}")).andExpect(status().isAccepted());

        verify(commands).accept(any(), eq(MessageType.POST_CREATE), any(), any());
    }

    @Test
    void textOver280CharactersIsABadRequest() throws Exception {
        mvc.perform(newPost("{\"text\":\"" + BIRD.repeat(281) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("text")));
        verifyNoInteractions(commands);
    }

    @Test
    void textCountsCharactersAfterNormalisationToNfc() throws Exception {
        when(commands.accept(any(), any(), any(), any()))
                .thenReturn(CompletableFuture.completedFuture(
                        ResponseEntity.accepted().build()));
        String decomposedE = "e\\u0301"; // two characters before NFC, one after

        answer(mvc, newPost("{\"text\":\"" + decomposedE.repeat(280) + "\"}")).andExpect(status().isAccepted());
    }

    @Test
    void blankOrMissingTextIsABadRequest() throws Exception {
        for (String body : new String[] {"{\"text\":\"   \"}", "{\"text\":null}", "{}"}) {
            mvc.perform(newPost(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("text")));
        }
        verifyNoInteractions(commands);
    }

    @Test
    void aBodyOver16KiBIsTooLarge() throws Exception {
        mvc.perform(newPost("{\"text\":\"" + "x".repeat(16 * 1024) + "\"}"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(413));
        verifyNoInteractions(commands);
    }

    /** Issue 10, finding 8: the post id is checked (length, alphabet) before a command carries it to the broker. */
    @Test
    void deletingSomethingThatIsNoPostIdIsABadRequestAndNoCommand() throws Exception {
        for (String id : new String[] {"x", "Z".repeat(300), "01hzzzzzzzzzzzzzzzzzzzzzzz", "$where:1"}) {
            mvc.perform(delete("/api/v1/posts/" + id)
                            .with(jwt().jwt(token -> token.subject("account-1").claim("username", "alice"))
                                    .authorities(new SimpleGrantedAuthority("SCOPE_user"))))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("postId")));
        }
        verifyNoInteractions(commands);
    }

    private static MockHttpServletRequestBuilder newPost(String body) {
        return post("/api/v1/posts")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .with(jwt().jwt(token -> token.subject("account-1").claim("username", "alice"))
                        .authorities(new SimpleGrantedAuthority("SCOPE_user")));
    }
}
