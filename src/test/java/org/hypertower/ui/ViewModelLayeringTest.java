package org.hypertower.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The settings', datasets', status bar's and demo mode's view-models hold their logic and know nothing of
 * controls, so they are tested without a window (as the tower builder's are, see TowerLayeringTest).
 */
@AnalyzeClasses(packages = "org.hypertower.ui", importOptions = ImportOption.DoNotIncludeTests.class)
class ViewModelLayeringTest {

    @ArchTest
    static final ArchRule viewModelsDoNotTouchControls = noClasses()
            .that().haveNameMatching("org\\.hypertower\\.ui\\.(StatusViewModel|data\\.DatasetViewModel"
                    + "|run\\.RunViewModel|run\\.DatasetSettings|run\\.RunWorker|demo\\.DemoViewModel"
                    + "|playground\\.PlaygroundViewModel|demo\\.GuidedDemoModel|demo\\.GuidedDemo)(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "org.controlsfx..");
}
