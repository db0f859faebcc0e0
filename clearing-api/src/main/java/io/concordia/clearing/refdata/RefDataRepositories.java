package io.concordia.clearing.refdata;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Repositories of the reference data; lookups are by the codes that appear in paths and messages. */
public final class RefDataRepositories {

    private RefDataRepositories() {}

    @ApplicationScoped
    public static class AssetRepository implements PanacheRepository<AssetEntity> {
        public Optional<AssetEntity> findByCode(String code) {
            return find("code", code).firstResultOptional();
        }
    }

    @ApplicationScoped
    public static class VenueRepository implements PanacheRepository<VenueEntity> {
        public Optional<VenueEntity> findByCode(String code) {
            return find("code", code).firstResultOptional();
        }
    }

    @ApplicationScoped
    public static class ProductRepository implements PanacheRepository<ProductEntity> {
        public Optional<ProductEntity> findBySymbol(String symbol) {
            return find("symbol", symbol).firstResultOptional();
        }
    }

    @ApplicationScoped
    public static class VenueInstrumentRepository implements PanacheRepository<VenueInstrumentEntity> {
        public Optional<VenueInstrumentEntity> findByVenueAndSymbol(VenueEntity venue, String symbol) {
            return find("venue = ?1 and symbol = ?2", venue, symbol).firstResultOptional();
        }
    }
}
