package io.concordia.clearing.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Set;

public final class TokenDtos {

    private TokenDtos() {}

    /** {@code member} is required with the {@code member} role and refused without it. */
    public record MintToken(
            @NotBlank @Size(max = 100) String subject,
            String member,
            @NotEmpty Set<@NotNull String> roles,
            @NotNull @Min(60) @Max(31_536_000) Long ttlSeconds) {}

    public record Token(String token, Instant expiresAt) {}

    /** Exactly one of {@code subject} (all its tokens) and {@code tokenId} (the token's {@code jti}). */
    public record Revocation(
            @Size(max = 100) String subject,
            @Size(max = 100) String tokenId,
            @Size(max = 500) String reason) {}
}
