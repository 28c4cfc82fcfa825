package dev.pyrometer.agent.init;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** One instrumented type: which type it matches (by name, loading nothing) and the advice it applies. */
public interface TypeInstrumentation {
    ElementMatcher<TypeDescription> typeMatcher();

    AgentBuilder.Transformer transformer();
}
