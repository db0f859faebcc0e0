package io.concordia.clearing.account;

import io.concordia.clearing.account.AccountDtos.Account;
import io.concordia.clearing.account.AccountDtos.OpenAccount;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.member.MemberEntity;
import io.concordia.clearing.member.MemberService;
import io.concordia.clearing.member.MemberStatus;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

@ApplicationScoped
public class AccountService {

    @Inject
    Clock clock;

    @Inject
    AccountRepository accounts;

    @Inject
    MemberService members;

    @Inject
    Event<AccountOpened> opened;

    @Inject
    AuditService audit;

    @Transactional
    public Account open(String memberCode, OpenAccount request) {
        MemberEntity member = members.require(memberCode);
        if (member.status == MemberStatus.DEFAULTED) {
            throw ApiProblem.of(ProblemCode.MEMBER_DEFAULTED, "member '" + memberCode + "' is in default");
        }
        if (accounts.findByCode(request.code()).isPresent()) {
            throw ApiProblem.of(ProblemCode.DUPLICATE_ACCOUNT, "account '" + request.code() + "' already exists");
        }
        AccountEntity e = new AccountEntity();
        e.code = request.code();
        e.member = member;
        e.mode = request.mode();
        e.type = request.type();
        e.status = AccountStatus.OPEN;
        e.createdAt = clock.instant();
        accounts.persist(e);
        opened.fire(new AccountOpened(e));
        Account opened = Account.of(e);
        audit.record("OPEN_ACCOUNT", "account", e.code, null, opened);
        return opened;
    }

    @Transactional
    public List<Account> listForMember(String memberCode) {
        members.require(memberCode);
        return accounts.list("member.code", Sort.by("code"), memberCode).stream()
                .map(Account::of)
                .toList();
    }

    /** The member's own account; another member's account is indistinguishable from a missing one. */
    @Transactional
    public Account getForMember(String memberCode, String accountCode) {
        return Account.of(requireForMember(memberCode, accountCode));
    }

    @Transactional
    public Account get(String accountCode) {
        return Account.of(require(accountCode));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public AccountEntity requireForMember(String memberCode, String accountCode) {
        return accounts.findByCodeAndMember(accountCode, memberCode)
                .orElseThrow(() -> ApiProblem.notFound("account", accountCode));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public AccountEntity require(String accountCode) {
        return accounts.findByCode(accountCode).orElseThrow(() -> ApiProblem.notFound("account", accountCode));
    }
}
