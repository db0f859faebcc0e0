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
    },
    /**
     * A futures-style European option (docs/margin-model.md §8.1): variation margin on its own price like a future,
     * no funding; it may settle at zero, when it expires out of the money.
     */
    OPTION {
        @Override
        public boolean paysFunding() {
            return false;
        }

        @Override
        public boolean mayBeWorthless() {
            return true;
        }
    };

    /** @return whether a settlement price of zero is a price of this kind (an expired, worthless option) */
    public boolean mayBeWorthless() {
        return false;
    }

    /** @return whether positions in products of this kind exchange funding */
    public abstract boolean paysFunding();
}
