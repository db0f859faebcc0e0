package io.concordia.clearing.ledger;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Repositories of the ledger. Entries and postings are only ever inserted. */
public final class LedgerRepositories {

    private LedgerRepositories() {}

    @ApplicationScoped
    public static class LedgerAccountRepository implements PanacheRepository<LedgerAccountEntity> {}

    @ApplicationScoped
    public static class JournalEntryRepository implements PanacheRepository<JournalEntryEntity> {}

    @ApplicationScoped
    public static class PostingRepository implements PanacheRepository<PostingEntity> {}

    @ApplicationScoped
    public static class WithdrawalRepository implements PanacheRepository<WithdrawalEntity> {}
}
