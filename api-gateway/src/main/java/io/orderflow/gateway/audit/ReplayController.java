package io.orderflow.gateway.audit;

import io.orderflow.gateway.port.ReadModelReplays;
import io.orderflow.gateway.port.ReadModelReplays.Replay;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.Problems;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** Rebuilding a read model from history, with progress (scope {@code audit}). */
@RestController
@RequestMapping("/api/v1/audit")
class ReplayController {

    private final ReadModelReplays replays;

    ReplayController(ReadModelReplays replays) {
        this.replays = replays;
    }

    record ReplayRequest(String readModel) {
    }

    @GetMapping("/read-models")
    List<String> readModels() {
        return replays.readModels();
    }

    @PostMapping("/replays")
    Mono<ResponseEntity<Replay>> start(@AuthenticationPrincipal Caller caller, @RequestBody ReplayRequest request) {
        if (request == null || request.readModel() == null || !replays.readModels().contains(request.readModel())) {
            return Mono.error(Problems.error(HttpStatus.BAD_REQUEST,
                    "readModel must be one of " + replays.readModels() + ".", Map.of("readModels", replays.readModels())));
        }
        return replays.start(request.readModel(), caller.actor())
                .map(replay -> ResponseEntity.accepted()
                        .location(URI.create("/api/v1/audit/replays/" + replay.replayId()))
                        .body(replay))
                .onErrorMap(ReadModelReplays.UnknownReadModel.class, e -> Problems.error(HttpStatus.BAD_REQUEST,
                        "readModel must be one of " + replays.readModels() + "."))
                .onErrorMap(ReadModelReplays.ReplayAlreadyRunning.class, e -> Problems.error(HttpStatus.CONFLICT,
                        "A replay of " + request.readModel() + " is already running.",
                        Map.of("replayId", e.replayId())))
                .onErrorMap(AuditController::unavailable);
    }

    @GetMapping("/replays/{replayId}")
    Mono<Replay> status(@PathVariable String replayId) {
        if (replayId.length() > 64) {
            return Mono.error(Problems.error(HttpStatus.NOT_FOUND, "No such replay."));
        }
        return replays.find(replayId)
                .onErrorMap(AuditController::unavailable)
                .switchIfEmpty(Mono.error(() -> Problems.error(HttpStatus.NOT_FOUND, "No such replay.")));
    }
}
