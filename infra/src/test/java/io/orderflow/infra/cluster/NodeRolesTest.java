package io.orderflow.infra.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

class NodeRolesTest {

    @Test
    void unsetMeansEveryRole() {
        assertThat(NodeRoles.parse("").roles()).isEqualTo(EnumSet.allOf(NodeRole.class));
        assertThat(NodeRoles.parse(null).roles()).isEqualTo(EnumSet.allOf(NodeRole.class));
    }

    @Test
    void aListIsReadWhateverItsCaseAndSpaces() {
        var roles = NodeRoles.parse(" Projection , saga,command ");
        assertThat(roles.roles()).containsExactlyInAnyOrder(NodeRole.PROJECTION, NodeRole.SAGA, NodeRole.COMMAND);
        assertThat(roles.asSetting()).isEqualTo("command,saga,projection");
        assertThat(NodeRoles.parse(roles.asSetting()).roles()).isEqualTo(roles.roles());
    }

    @Test
    void processingGroupsRunOnlyWhereTheirRoleIs() {
        var projection = NodeRoles.parse("projection");
        assertThat(projection.runs("order-view")).isTrue();
        assertThat(projection.runs("OrderFulfillmentSagaProcessor")).isFalse();
        assertThat(projection.runs("supplier-dispatch")).isFalse();
        assertThat(projection.runs("a-group-of-no-role")).isTrue();
    }

    @Test
    void unknownRolesServicesAndMissingCompanionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> NodeRoles.parse("gateway,command,query,routing"))
                .hasMessageContaining("unknown role 'routing'");
        assertThatThrownBy(() -> NodeRoles.parse("services,projection")).hasMessageContaining("services");
        assertThatThrownBy(() -> NodeRoles.parse(" , ")).hasMessageContaining("names no role");
        assertThatThrownBy(() -> NodeRoles.parse("gateway,query")).hasMessageContaining("gateway needs role command");
        assertThatThrownBy(() -> NodeRoles.parse("gateway,command")).hasMessageContaining("gateway needs role query");
        assertThatThrownBy(() -> NodeRoles.parse("saga")).hasMessageContaining("saga needs role command");
        assertThatThrownBy(() -> NodeRoles.parse("dispatch")).hasMessageContaining("dispatch needs role command");
    }
}
