package org.invwb.app.gui;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/** The status bar: compute device, memory in use (refreshed every second), the run queue. */
final class StatusBarView extends HBox {

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
        Timeline tick = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.refreshMemory()));
        tick.setCycleCount(Timeline.INDEFINITE);
        tick.play();
    }
}
