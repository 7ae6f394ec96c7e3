/**
 * Notebook support: {@link dev.genzoo.examples.notebook.NotebookRunner} executes the code cells
 * of the IJava notebooks in {@code notebooks/} through the JDK's JShell API (local, in-process
 * engine, as IJava itself runs them) and writes their outputs back; {@link
 * dev.genzoo.examples.notebook.Show} displays a picture on IJava (its {@code Display} API, reached
 * by reflection so the zoo does not depend on the kernel) or hands it to the runner.
 *
 * <p>Design choices: the runner redirects {@code System.out}/{@code System.err} around each cell
 * rather than relying on JShell's output streams, since in-process snippets write to the JVM's
 * streams; magic lines are skipped because the runner's classpath already is the set-up they
 * stand for; a cell fails on a compile error, an exception, an incomplete snippet or an error
 * printed to standard error, so a notebook never silently commits a broken output.
 */
package dev.genzoo.examples.notebook;
