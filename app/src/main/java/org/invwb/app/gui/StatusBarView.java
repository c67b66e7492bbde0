package org.invwb.app.gui;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/** The status bar: compute device, memory in use (refreshed every second), the run queue. */
final class StatusBarView extends HBox {

    private static final ScheduledExecutorService MEMORY_TICK = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "invwb-status");
        t.setDaemon(true);
        return t;
    });

    private ScheduledFuture<?> tick;

    StatusBarView(StatusViewModel vm) {
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(18);
        setPadding(new Insets(4, 12, 4, 12));
        Label device = new Label("", Icons.of(MaterialDesignC.CHIP));
        device.setId("status-device");
        device.textProperty().bind(vm.deviceProperty());
        Label memory = new Label("", Icons.of(MaterialDesignM.MEMORY));
        memory.setId("status-memory");
        memory.textProperty().bind(vm.memoryProperty());
        Label queue = new Label("", Icons.of(MaterialDesignT.TRAY_FULL));
        queue.setId("status-queue");
        queue.textProperty().bind(vm.queueProperty());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        getChildren().addAll(queue, spring, memory, device);
        // Not a Timeline: a running animation keeps JavaFX pulsing 60 times a second, even in an idle window.
        // It stops once the bar is no longer in a window that shows (the window has closed).
        tick = MEMORY_TICK.scheduleAtFixedRate(() -> Platform.runLater(() -> {
            if (getScene() == null || getScene().getWindow() == null || !getScene().getWindow().isShowing()) {
                tick.cancel(false);
            } else {
                vm.refreshMemory();
            }
        }), 1, 1, TimeUnit.SECONDS);
    }
}
