package io.orderflow.infra.axon;

import java.util.Set;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens go through the token store as JSON: a processor reset (replay) must be able to read its tokens back. */
class TrackingTokenSerializationTest {

    @Test
    void replayTokensSurviveTheTokenStore() {
        var serializer = AxonConfiguration.jackson();
        var atReset = new GapAwareTrackingToken(48, Set.of(45L));
        for (TrackingToken token : new TrackingToken[] {
                ReplayToken.createReplayToken(atReset, null),
                ReplayToken.createReplayToken(atReset, new GapAwareTrackingToken(3, Set.of())),
                ReplayToken.createReplayToken(atReset, null, "some context")}) {
            SerializedObject<byte[]> stored = serializer.serialize(token, byte[].class);
            TrackingToken read = serializer.deserialize(stored);
            assertThat(read).isEqualTo(token);
        }
    }
}
