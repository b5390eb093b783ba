package io.orderflow.infra.cluster;

import java.util.ArrayList;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Leaves out the event handlers of the roles this node does not run, before Axon assembles its processors from the
 * handler beans: a processing group with no handlers here has no processor here, claims no segment and reads no
 * event. The group's role is looked up in {@link NodeRoles}; the saga is the saga role's.
 */
final class RoleGate implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    private static final Logger log = LoggerFactory.getLogger(RoleGate.class);

    private NodeRoles roles = NodeRoles.all();

    @Override
    public void setEnvironment(Environment environment) {
        roles = NodeRoles.of(environment);
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        var left = new ArrayList<String>();
        for (String name : registry.getBeanDefinitionNames()) {
            Class<?> type = typeOf(registry.getBeanDefinition(name));
            if (type != null && !runsHere(type)) {
                registry.removeBeanDefinition(name);
                left.add(type.getSimpleName());
            }
        }
        if (!left.isEmpty()) {
            log.info("roles {}: left out {}", roles, left);
        }
    }

    private boolean runsHere(Class<?> type) {
        if (AnnotatedElementUtils.hasAnnotation(type, Saga.class)) {
            return roles.has(NodeRole.SAGA);
        }
        ProcessingGroup group = AnnotatedElementUtils.findMergedAnnotation(type, ProcessingGroup.class);
        return group == null || roles.runs(group.value());
    }

    private static Class<?> typeOf(BeanDefinition definition) {
        String className = definition.getBeanClassName();
        if (className == null || definition.getFactoryMethodName() != null) {
            return null;
        }
        try {
            return ClassUtils.forName(className, RoleGate.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }
}
