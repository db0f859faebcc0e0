package io.concordia.clearing.admin;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.ProblemCode;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Refuses (401) a verified token whose subject or id has been revoked, on every endpoint. */
@Provider
@Priority(Priorities.AUTHENTICATION + 1)
public class RevokedTokenFilter implements ContainerRequestFilter {

    @Inject
    SecurityIdentity identity;

    @Inject
    RevocationService revocations;

    @Override
    public void filter(ContainerRequestContext request) {
        // a console session is checked for revocation when it is resolved; here only bearer tokens
        if (identity.getPrincipal() instanceof JsonWebToken token
                && token.getRawToken() != null
                && revocations.isRevoked(token.getSubject(), token.getTokenID())) {
            throw new ApiProblem(ProblemCode.TOKEN_REVOKED, "this token has been revoked");
        }
    }
}
