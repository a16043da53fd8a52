package org.hypertower.cli;

import java.util.concurrent.Callable;
import org.hypertower.engine.IntraOpThreads;
import org.hypertower.ui.WorkbenchLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hypertower workbench}: the window, as {@code ./hypertower} alone opens it, with its options. */
@Command(name = "workbench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Opens the workbench window (as ./hypertower without a command does).",
                "Training runs on a thread of lower priority than the window's, and so do PyTorch's threads helping it, "
                        + "so the window stays responsive while every core trains."})
final class WorkbenchCommand implements Callable<Integer> {

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch's threads for each operation of every run, 1 to this machine's cores (default: 1 for "
                    + "paper-mlp and mlp, every core for cnn and resnet20). Each run's run.json records the count used.")
    Integer threads;

    @Override
    public Integer call() {
        if (threads != null) {
            IntraOpThreads.check(threads, "--threads");
            // the process's explicit choice: DJL applies it as the engine starts, every run takes it (IntraOpThreads#choose)
            System.setProperty(IntraOpThreads.PROPERTY, Integer.toString(threads));
        }
        return WorkbenchLauncher.open(new String[0]);
    }
}
