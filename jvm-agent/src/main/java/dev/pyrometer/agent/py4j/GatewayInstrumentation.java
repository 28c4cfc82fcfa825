/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.pyrometer.agent.module.AdviceClasses;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import py4j.Gateway;
import py4j.ReturnObject;

/** {@code py4j.Gateway.invoke}: the method overload (instance and 'z:' static calls) and the constructor overload. */
public final class GatewayInstrumentation implements TypeInstrumentation {
    @Override
    public TypeNames targets() {
        return TypeNames.of("py4j.Gateway");
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        return (builder, type, loader, module, domain) -> builder
                .visit(AdviceClasses.to(MethodAdvice.class).on(named("invoke").and(takesArguments(3))
                        .and(takesArgument(0, String.class)).and(takesArgument(1, String.class))))
                .visit(AdviceClasses.to(ConstructorAdvice.class).on(named("invoke").and(takesArguments(2))
                        .and(takesArgument(0, String.class))));
    }

    /** Advice for {@code invoke(String method, String targetObjectId, List args)}: one hook at its exit. */
    public static final class MethodAdvice {
        private MethodAdvice() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Gateway gateway, @Advice.Argument(0) String method,
                @Advice.Argument(1) String targetId, @Advice.Return ReturnObject ret, @Advice.Thrown Throwable thrown) {
            String staticId = targetId != null && targetId.startsWith("z:") ? targetId : null;
            Object target = staticId == null ? gateway.getObject(targetId) : null;
            if (thrown != null) {
                Py4jSingletons.RECORDER.invoked(staticId, target, method, true, thrown);
            } else if (ret != null && ret.isError()) {
                // A Java exception in the target is stored in the gateway under the returned name.
                String id = ret.getName();
                Py4jSingletons.RECORDER.invoked(staticId, target, method, true, id == null ? null : gateway.getObject(id));
            } else {
                Py4jSingletons.RECORDER.invoked(staticId, target, method, false, null);
            }
        }
    }

    /** Advice for {@code invoke(String fqn, List args)}, which constructs an object: one hook at its exit. */
    public static final class ConstructorAdvice {
        private ConstructorAdvice() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Gateway gateway, @Advice.Argument(0) String fqn,
                @Advice.Return ReturnObject ret, @Advice.Thrown Throwable thrown) {
            if (thrown != null) {
                Py4jSingletons.RECORDER.invoked(fqn, null, null, true, thrown);
            } else if (ret != null && ret.isError()) {
                // A Java exception in the target is stored in the gateway under the returned name.
                String id = ret.getName();
                Py4jSingletons.RECORDER.invoked(fqn, null, null, true, id == null ? null : gateway.getObject(id));
            } else {
                Py4jSingletons.RECORDER.invoked(fqn, null, null, false, null);
            }
        }
    }
}
