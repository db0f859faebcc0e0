-- An account's trades were indexed twice on each side: by (account, id) for its trade list and the guard on deleting
-- an account, and by account among the unsettled trades (a partial index) for its positions since the last
-- settlement. Every ingested trade wrote both pairs: four B-trees for two keys. One index per side on
-- (account, settlement_cycle_id) serves all of those readers: the account alone is its prefix, and
-- "settlement_cycle_id IS NULL" is a B-tree condition on its second column. The unsettled trades' product index stays:
-- the cut-off finds and claims them by product.
--
-- A trade's cycle is set once, by the cut-off, which already rewrote every index entry of the row (the partial
-- indexes' condition names the column, so that update was never heap-only).
CREATE INDEX trade_inbox_buyer_cycle_idx ON trade_inbox (buyer_account_id, settlement_cycle_id);
CREATE INDEX trade_inbox_seller_cycle_idx ON trade_inbox (seller_account_id, settlement_cycle_id);
DROP INDEX trade_inbox_buyer_idx;
DROP INDEX trade_inbox_seller_idx;
DROP INDEX trade_inbox_unsettled_buyer_idx;
DROP INDEX trade_inbox_unsettled_seller_idx;
