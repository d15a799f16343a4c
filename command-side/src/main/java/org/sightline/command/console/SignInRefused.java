package org.sightline.command.console;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refused sign-in as its problem answer: the status, a problem type a page can act on
 * (such as {@code password-change-required}), what to do, and any extra fields.
 */
class SignInRefused extends ErrorResponseException {

    private static final long serialVersionUID = 1L;
    static final String TYPES = "urn:sightline:problem:";

    SignInRefused(HttpStatus status, String type, String detail) {
        this(status, type, detail, Map.of(), new HttpHeaders());
    }

    SignInRefused(HttpStatus status, String type, String detail, Map<String, Object> fields,
            HttpHeaders headers) {
        super(status, problem(status, type, detail, fields), null);
        getHeaders().addAll(headers);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail,
            Map<String, Object> fields) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + type));
        fields.forEach(problem::setProperty);
        return problem;
    }

    /** The answer to every refusal that must not tell whether the account exists. */
    static SignInRefused wrongCredentials() {
        return new SignInRefused(HttpStatus.UNAUTHORIZED, "sign-in-refused",
                "the account name, the password or the one-time code is wrong, or the account"
                        + " is locked for a while after repeated failures");
    }
}
