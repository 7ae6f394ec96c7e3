package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A failed Spark job is reported by the task's own one-line message, not Spark's stack-trace text. */
class SparkScoreCommandTest {

    @Test
    void aFailedJobIsReportedByItsTasksMessage() {
        Exception task = new IllegalArgumentException("row 9 of this partition: file:/x/zz.png is damaged or truncated"
                + " (Error reading PNG image data)");
        Exception job = new Exception("Job aborted due to stage failure: Task 1 in stage 0.0 failed 1 times, most"
                + " recent failure: java.lang.IllegalArgumentException: row 9 ...\n\tat dev.genzoo.spark.X.bad(X.java:1)",
                task);
        assertEquals(task.getMessage(), SparkScoreCommand.taskCause(job));
        // no cause: Spark's first line, the stack trace cut off
        assertEquals("Job aborted: lost executor 1", SparkScoreCommand.taskCause(new Exception(
                "Job aborted: lost executor 1 \tat org.apache.spark.scheduler.DAGScheduler.x(DAGScheduler.scala:1)")));
        assertEquals("Job aborted", SparkScoreCommand.taskCause(new Exception("Job aborted\nDriver stacktrace:",
                new RuntimeException((String) null))));
    }
}
