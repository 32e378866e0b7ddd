package dev.flock.edge.command;

import dev.flock.edge.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

@Component
class CommandOriginResolver implements HandlerMethodArgumentResolver {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** At most 64 printable ASCII characters (SPEC). */
    private static final Pattern KEY = Pattern.compile("[\\x20-\\x7E]{1,64}");

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CommandOrigin.class;
    }

    @Override
    public CommandOrigin resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        String key = request.getHeader(IDEMPOTENCY_KEY);
        if (key != null && !KEY.matcher(key).matches()) {
            throw ApiProblem.invalid(IDEMPOTENCY_KEY, "must be 1-64 printable ASCII characters");
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return new CommandOrigin(jwt.getSubject(), jwt.getClaimAsString("username"), request.getRemoteAddr(), key);
        }
        return new CommandOrigin(null, null, request.getRemoteAddr(), key);
    }
}
