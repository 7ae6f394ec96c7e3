/** The benchmark workloads of ../shared/BENCHMARKS.md behind {@code genzoo bench}. */
package dev.genzoo.cli.bench;
