package io.concordia.clearing.account;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class AccountRepository implements PanacheRepository<AccountEntity> {

    public Optional<AccountEntity> findByCode(String code) {
        return find("code", code).firstResultOptional();
    }

    /** The account only if it belongs to this member: how every member-facing lookup is scoped. */
    public Optional<AccountEntity> findByCodeAndMember(String code, String memberCode) {
        return find("code = ?1 and member.code = ?2", code, memberCode).firstResultOptional();
    }
}
