/** The replication command line (margin-model.md, "Replication format"). */
package io.concordia.margin.cli;
