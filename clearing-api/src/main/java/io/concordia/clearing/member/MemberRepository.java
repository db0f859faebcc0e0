package io.concordia.clearing.member;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class MemberRepository implements PanacheRepository<MemberEntity> {

    public Optional<MemberEntity> findByCode(String code) {
        return find("code", code).firstResultOptional();
    }
}
