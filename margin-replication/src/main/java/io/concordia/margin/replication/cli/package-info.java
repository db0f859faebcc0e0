/** The replication command line (docs/margin-model.md §6). */
package io.concordia.margin.replication.cli;
