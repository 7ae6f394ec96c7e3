package dev.genzoo.core.data;

/** Which part of a data set: the training or the test split. */
public enum Split {
    TRAIN("train"),
    TEST("t10k");

    private final String filePrefix;

    Split(String filePrefix) {
        this.filePrefix = filePrefix;
    }

    /** The IDX file name prefix ("train" or "t10k"). */
    public String filePrefix() {
        return filePrefix;
    }
}
