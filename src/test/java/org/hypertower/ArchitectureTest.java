package org.hypertower;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package layering: the tower library and the headless layers stand without the UI and without the layers above them. */
@AnalyzeClasses(packages = "org.hypertower", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule headlessPackagesDoNotDependOnJavaFx = noClasses()
            .that().resideInAnyPackage("org.hypertower.tower..", "org.hypertower.engine..", "org.hypertower.data..",
                    "org.hypertower.model..", "org.hypertower.export..", "org.hypertower.experiment..", "org.hypertower.cli..",
                    "org.hypertower.playground..")
            .should().dependOnClassesThat().resideInAPackage("javafx..");

    @ArchTest
    static final ArchRule towerDoesNotDependOnEngineCliOrExport = noClasses()
            .that().resideInAPackage("org.hypertower.tower..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hypertower.engine..", "org.hypertower.cli..",
                    "org.hypertower.export..");

    @ArchTest
    static final ArchRule engineDoesNotDependOnCli = noClasses()
            .that().resideInAPackage("org.hypertower.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hypertower.cli..", "org.hypertower.ui..",
                    "org.hypertower.experiment..");

    @ArchTest
    static final ArchRule dataAndModelDoNotDependOnEngineOrCli = noClasses()
            .that().resideInAnyPackage("org.hypertower.data..", "org.hypertower.model..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hypertower.engine..", "org.hypertower.cli..");

    /**
     * The 2-D playground is the tower library on plain doubles: no UI, no engine, and no DJL, so that
     * re-running it on every move of a slider never loads PyTorch.
     */
    @ArchTest
    static final ArchRule playgroundStandsOnTheTowerLibraryAlone = noClasses()
            .that().resideInAPackage("org.hypertower.playground..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.hypertower.ui..", "org.hypertower.engine..",
                    "org.hypertower.cli..", "org.hypertower.experiment..", "org.hypertower.export..", "ai.djl..");

    /**
     * The schedule tracker is for DJL users without Hypertower: it stands on DJL's api (and the Gson
     * it brings) and the JDK alone, so the class can be copied into any DJL project.
     */
    @ArchTest
    static final ArchRule scheduleTrackerStandsOnDjlAlone = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
            .that().resideInAPackage("org.hypertower.schedule..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("org.hypertower.schedule..", "ai.djl..",
                    "com.google.gson..", "java..");

    /** Spark is on no class path but a Spark driver's: only its package may touch it. */
    @ArchTest
    static final ArchRule onlyTheSparkPackageUsesSpark = noClasses()
            .that().resideOutsideOfPackage("org.hypertower.spark..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..");

    /** The desktop and {@code train} never load the Spark package: it is reached only in a driver process. */
    @ArchTest
    static final ArchRule nothingElseLinksTheSparkPackage = noClasses()
            .that().resideOutsideOfPackage("org.hypertower.spark..")
            .should().dependOnClassesThat().resideInAPackage("org.hypertower.spark..");
}
