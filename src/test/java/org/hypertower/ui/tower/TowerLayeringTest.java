package org.hypertower.ui.tower;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The tower builder's models and history hold its logic and know nothing of controls, so they are tested without a window. */
@AnalyzeClasses(packages = "org.hypertower.ui.tower", importOptions = ImportOption.DoNotIncludeTests.class)
class TowerLayeringTest {

    @ArchTest
    static final ArchRule modelsDoNotTouchControls = noClasses()
            .that().haveNameMatching("org\\.hypertower\\.ui\\.tower\\.(\\w+Model|TowerHistory)(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "org.controlsfx..");
}
