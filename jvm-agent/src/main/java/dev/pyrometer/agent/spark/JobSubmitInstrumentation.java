package dev.pyrometer.agent.spark;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.pyrometer.agent.init.AdviceClasses;
import dev.pyrometer.agent.init.TypeInstrumentation;
import dev.pyrometer.agent.py4j.Py4jSingletons;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code DAGScheduler.submitJob} and {@code submitMapStage} (Spark 3.3 to 4.x: both return a
 * JobWaiter and run on the thread that asked for the job, e.g. the Py4J thread serving
 * {@code collectToPython}), so a Py4J outlier carries the jobs its call ran.
 */
public final class JobSubmitInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("org.apache.spark.scheduler.DAGScheduler");
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        return (builder, type, loader, module, domain) -> builder
                .visit(AdviceClasses.to(SubmittedAdvice.class).on(named("submitJob").or(named("submitMapStage"))
                        .and(returns(named("org.apache.spark.scheduler.JobWaiter")))));
    }

    /** Hands the new job's id to the Py4J recorder; does nothing off a Py4J thread. */
    public static final class SubmittedAdvice {
        private SubmittedAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return Object waiter) {
            int id = SparkJobs.jobIdOf(waiter);
            if (id >= 0) {
                Py4jSingletons.RECORDER.jobSubmitted(id);
            }
        }
    }
}
