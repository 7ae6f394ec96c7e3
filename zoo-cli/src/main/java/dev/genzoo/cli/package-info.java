/** The {@code genzoo} command line (picocli): one class per subcommand. */
package dev.genzoo.cli;
