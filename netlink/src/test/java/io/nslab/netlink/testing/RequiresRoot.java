package io.nslab.netlink.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.nslab.sys.Sys;

/** Disables a {@link KernelTest} unless the tests run as root (effective uid 0). */
public final class RequiresRoot implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Sys.isRoot()
                ? ConditionEvaluationResult.enabled("running as root")
                : ConditionEvaluationResult.disabled("needs root and a real kernel (run the tests with sudo)");
    }
}
