package io.concordia.clearing.member;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** Request and response bodies of the member endpoints. */
public final class MemberDtos {

    private MemberDtos() {}

    public record CreateMember(
            @NotNull
            @Pattern(
                    regexp = "[A-Z0-9][A-Z0-9_-]{0,31}",
                    message = "must be capital letters, digits, '_' or '-', at most 32")
            String code,

            @NotBlank @Size(max = 200) String name) {}

    /** A reason for a status change, kept in the audit log. */
    public record StatusChange(@NotBlank @Size(max = 500) String reason) {}

    public record Member(String code, String name, MemberStatus status, Instant createdAt) {
        public static Member of(MemberEntity e) {
            return new Member(e.code, e.name, e.status, e.createdAt);
        }
    }
}
