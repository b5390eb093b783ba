package io.orderflow.infra.cluster;

import java.util.List;
import java.util.Optional;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;

/**
 * Axon's token store, told when this node claims a segment of one processor. A processor that keeps state in memory
 * between events (the saga's cache) must forget it then: while another node held the segment, it changed that state
 * in the database.
 */
public final class ClaimWatchingTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final String processorName;
    private final Runnable onClaim;

    public ClaimWatchingTokenStore(TokenStore delegate, String processorName, Runnable onClaim) {
        this.delegate = delegate;
        this.processorName = processorName;
        this.onClaim = onClaim;
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        TrackingToken token = delegate.fetchToken(processorName, segment);
        claimed(processorName);
        return token;
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        TrackingToken token = delegate.fetchToken(processorName, segment);
        claimed(processorName);
        return token;
    }

    private void claimed(String name) {
        if (processorName.equals(name)) {
            onClaim.run();
        }
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        delegate.storeToken(token, processorName, segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        delegate.extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }
}
