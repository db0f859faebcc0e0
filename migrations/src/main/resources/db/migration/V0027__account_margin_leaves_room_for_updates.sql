-- Every re-margin replaces an account's row in account_margin, and a full run replaces all of them, 5,000
-- consecutive accounts in one transaction. With full pages each new row version went to another page, so every
-- update also wrote a new entry into the primary key's index and left the page it came from to vacuum. With half of
-- each page kept free, all the new versions of a chunk's rows fit beside the old ones: the updates are heap-only (no
-- index entry; none of the updated columns is indexed) and the old versions are pruned on the page itself.
--
-- The setting governs pages written from now on; an existing table's rows move to such pages as they are updated.
ALTER TABLE account_margin SET (fillfactor = 50);
