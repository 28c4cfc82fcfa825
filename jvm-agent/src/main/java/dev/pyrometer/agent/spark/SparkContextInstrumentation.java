package dev.pyrometer.agent.spark;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.pyrometer.agent.init.AdviceClasses;
import dev.pyrometer.agent.init.TypeInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Captures each SparkContext as it is constructed, so a driver without the listener learns its application id. */
public final class SparkContextInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("org.apache.spark.SparkContext");
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        return (builder, type, loader, module, domain) -> {
            SparkBridge.classSeen();
            return builder.visit(AdviceClasses.to(CreatedAdvice.class).on(isConstructor()));
        };
    }

    /** Hands the new context over; reads nothing from it on Spark's thread. */
    public static final class CreatedAdvice {
        private CreatedAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object sparkContext) {
            SparkBridge.contextCreated(sparkContext);
        }
    }
}
