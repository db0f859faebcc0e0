package io.concordia.settlement.model;

/** Kind of a harmonized product (docs/margin-model.md §1). */
public enum ProductKind {
    /** A perpetual swap: pays or receives funding every funding interval. */
    PERPETUAL {
        @Override
        public boolean paysFunding() {
            return true;
        }
    },
    /** A dated future: no funding. */
    FUTURE {
        @Override
        public boolean paysFunding() {
            return false;
        }
    };

    /** @return whether positions in products of this kind exchange funding */
    public abstract boolean paysFunding();
}
