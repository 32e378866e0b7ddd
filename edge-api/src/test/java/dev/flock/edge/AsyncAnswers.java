package dev.flock.edge;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Command routes answer asynchronously (the 202 waits for the broker's confirm without a thread): in a web slice the
 * answer exists only after the async dispatch, which a real container does by itself.
 */
public final class AsyncAnswers {

    private AsyncAnswers() {}

    /** Performs the request and, if the controller answered asynchronously, the dispatch that writes the answer. */
    public static ResultActions answer(MockMvc mvc, RequestBuilder request) throws Exception {
        ResultActions started = mvc.perform(request);
        MvcResult result = started.andReturn();
        return result.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(result)) : started;
    }
}
