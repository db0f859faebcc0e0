package io.concordia.clearing.member;

import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.member.MemberDtos.CreateMember;
import io.concordia.clearing.member.MemberDtos.Member;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Map;

@ApplicationScoped
public class MemberService {

    @Inject
    Clock clock;

    @Inject
    MemberRepository members;

    @Inject
    AuditService audit;

    @Transactional
    public Member create(CreateMember request) {
        if (members.findByCode(request.code()).isPresent()) {
            throw ApiProblem.of(ProblemCode.DUPLICATE_MEMBER, "member '" + request.code() + "' already exists");
        }
        MemberEntity e = new MemberEntity();
        e.code = request.code();
        e.name = request.name();
        e.status = MemberStatus.ACTIVE;
        e.createdAt = clock.instant();
        e.updatedAt = e.createdAt;
        members.persist(e);
        Member created = Member.of(e);
        audit.record("CREATE_MEMBER", "member", e.code, null, created);
        return created;
    }

    @Transactional
    public Page<Member> list(PageRequest request) {
        var query = members.findAll(Sort.by("code"));
        var items = query.page(request.page(), request.size()).list().stream()
                .map(Member::of)
                .toList();
        return new Page<>(items, request.page(), request.size(), query.count());
    }

    @Transactional
    public Member get(String code) {
        return Member.of(require(code));
    }

    @Transactional
    public Member suspend(String code, String reason) {
        return changeStatus(code, MemberStatus.ACTIVE, MemberStatus.SUSPENDED, "SUSPEND_MEMBER", reason);
    }

    @Transactional
    public Member reinstate(String code, String reason) {
        return changeStatus(code, MemberStatus.SUSPENDED, MemberStatus.ACTIVE, "REINSTATE_MEMBER", reason);
    }

    /** The member with this code; a missing one is a 404 (so a member token naming a deleted member sees nothing). */
    @Transactional(Transactional.TxType.MANDATORY)
    public MemberEntity require(String code) {
        return members.findByCode(code).orElseThrow(() -> ApiProblem.notFound("member", code));
    }

    private Member changeStatus(String code, MemberStatus from, MemberStatus to, String action, String reason) {
        MemberEntity e = members.find("code", code)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional()
                .orElseThrow(() -> ApiProblem.notFound("member", code));
        if (e.ccp) {
            throw ApiProblem.of(ProblemCode.CCP_MEMBER, "member '" + code + "' is the CCP itself");
        }
        if (e.status != from) {
            throw ApiProblem.of(ProblemCode.INVALID_STATUS, "member '" + code + "' is " + e.status + ", not " + from);
        }
        Member before = Member.of(e);
        e.status = to;
        e.updatedAt = clock.instant();
        Member after = Member.of(e);
        audit.record(action, "member", code, before, Map.of("member", after, "reason", reason));
        return after;
    }
}
