package org.invwb.app.gui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.invwb.app.gui.RoundViewModel.StoredRound;
import org.invwb.visualizers.ImageGridView;
import org.invwb.visualizers.LiveChart;
import org.invwb.visualizers.UpdateHeatMap;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/**
 * The Federated round panel: pick a federated-round run (or any observation folder) and see what the server
 * received: the victim's images, the update as a per-tensor heat map, the protocol and defense, the test
 * accuracy per round and the privacy spent; then attack it. Binds only to {@link RoundViewModel}.
 */
final class RoundView extends BorderPane {

    private static final String ACCURACY = "test accuracy";
    private static final int COLUMNS = 10;
    private static final int SHOWN = 40;
    private final RoundViewModel vm;
    private final ImageGridView images = new ImageGridView();
    private final UpdateHeatMap heatMap = new UpdateHeatMap(96);
    private final LiveChart accuracy = new LiveChart("Test accuracy after each round", "accuracy", false);
    private final Label protocol = value("round-protocol");
    private final Label defense = value("round-defense");
    private final Label victim = value("round-victim");
    private final Label epsilon = value("round-epsilon");

    RoundView(RoundViewModel vm, BooleanProperty dark) {
        this.vm = vm;
        getStyleClass().add("round-view");
        setPadding(new Insets(10, 12, 10, 12));

        ComboBox<Path> pick = new ComboBox<>(vm.rounds());
        pick.setId("round-pick");
        pick.setPromptText("a federated-round run");
        pick.setPrefWidth(300);
        pick.setCellFactory(l -> new FolderCell());
        pick.setButtonCell(new FolderCell());
        // the panel may show a round it was not asked for here (one that just ended): the chooser names it
        pick.setOnAction(e -> {
            StoredRound now = vm.shownProperty().get();
            if (pick.getValue() != null && (now == null || !pick.getValue().equals(now.dir()))) {
                vm.show(pick.getValue());
            }
        });
        vm.shownProperty().addListener((o, a, b) -> {
            if (b != null && !b.dir().equals(pick.getValue())) {
                pick.setValue(b.dir());
            }
        });
        pick.setOnShowing(e -> vm.refresh());
        Button folder = new Button("Folder…", Icons.of(MaterialDesignF.FOLDER_OPEN));
        folder.setTooltip(new Tooltip("An observation folder that ./invwb round wrote"));
        folder.setOnAction(e -> {
            File picked = new DirectoryChooser().showDialog(getScene().getWindow());
            if (picked != null) {
                vm.show(picked.toPath());
            }
        });
        Button refresh = new Button("Refresh", Icons.of(MaterialDesignR.REFRESH));
        refresh.setOnAction(e -> vm.refresh());
        Label notice = new Label();
        notice.setId("round-notice");
        notice.setWrapText(true);
        notice.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(notice, Priority.ALWAYS);
        vm.noticeProperty().addListener((o, a, b) -> AttackView.showNotice(notice, b));
        HBox bar = new HBox(8, label("Round"), pick, folder, refresh, notice);
        bar.setAlignment(Pos.CENTER_LEFT);

        GridPane facts = new GridPane();
        facts.setHgap(10);
        facts.setVgap(4);
        facts.addRow(0, label("Victim"), victim, label("ε spent (largest client, all rounds)"), epsilon);
        facts.addRow(1, label("Protocol"), protocol);
        facts.addRow(2, label("Defense"), defense);
        GridPane.setColumnSpan(protocol, 3);
        GridPane.setColumnSpan(defense, 3);
        VBox top = new VBox(8, bar, facts);
        top.setPadding(new Insets(0, 0, 8, 0));

        images.setId("round-images");
        images.setPlaceholder("Choose a federated round to see the victim client's images.");
        images.setPrefHeight(300);
        accuracy.setId("round-accuracy");
        accuracy.addSeries(ACCURACY, LiveChart.Side.LEFT);
        accuracy.getChart().getXYPlot().getDomainAxis().setLabel("round");
        accuracy.setDark(dark.get());
        dark.addListener((o, a, b) -> {
            accuracy.setDark(b);
            heatMap.setDark(b);
        });
        heatMap.setDark(dark.get());
        heatMap.setId("round-heat-map");
        heatMap.setPlaceholder("The update the server received, one row per tensor.");
        accuracy.setPrefHeight(260);
        VBox left = new VBox(8, images, accuracy);
        VBox.setVgrow(images, Priority.ALWAYS);
        Label heatTitle = new Label("Update the server received (mean |value| along each tensor)");
        heatTitle.getStyleClass().add("section-heading");
        ScrollPane heatScroll = new ScrollPane(heatMap);
        heatScroll.setFitToWidth(true);
        VBox right = new VBox(6, heatTitle, heatScroll);
        VBox.setVgrow(heatScroll, Priority.ALWAYS);
        right.setPadding(new Insets(0, 0, 0, 8));
        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.42);

        Button attack = new Button("Attack this observation", Icons.of(MaterialDesignC.CROSSHAIRS_GPS));
        attack.setId("round-attack");
        attack.getStyleClass().add("accent");
        attack.textProperty().bind(vm.attackTextProperty());
        attack.disableProperty().bind(vm.shownProperty().isNull());
        attack.setTooltip(new Tooltip("Open the Attack panel on a spec whose client.observation is this folder"));
        attack.setOnAction(e -> vm.attackObservation());
        HBox bottom = new HBox(8, attack);
        bottom.setPadding(new Insets(8, 0, 0, 0));

        setTop(top);
        setCenter(split);
        setBottom(bottom);
        vm.shownProperty().addListener((o, a, b) -> show(b));
    }

    private void show(StoredRound r) {
        accuracy.clear();
        accuracy.addSeries(ACCURACY, LiveChart.Side.LEFT);
        if (r == null) {
            images.setRows(List.of());
            heatMap.setLayers(List.of());
            for (Label l : List.of(protocol, defense, victim, epsilon)) {
                l.setText("");
            }
            return;
        }
        images.setRows(imageRows(r));
        heatMap.setLayers(r.layers());
        for (int i = 0; i < r.accuracy().size(); i++) {
            accuracy.append(ACCURACY, i + 1, r.accuracy().get(i));
        }
        accuracy.flush();
        protocol.setText(r.protocol());
        defense.setText(r.defense());
        victim.setText(r.victim());
        epsilon.setText(r.epsilon() == null ? "– (no DP-SGD)" : String.format(Locale.ROOT, "%.3g", r.epsilon()));
    }

    /** The victim's images in rows of {@value #COLUMNS}, at most {@value #SHOWN} of them. */
    private static List<ImageGridView.Row> imageRows(StoredRound r) {
        List<ImageGridView.Row> rows = new java.util.ArrayList<>();
        int shown = Math.min(SHOWN, r.images().size());
        for (int i = 0; i < shown; i += COLUMNS) {
            int to = Math.min(shown, i + COLUMNS);
            String title = i > 0 ? "" : "the victim's images and labels"
                    + (shown < r.images().size() ? ", first " + shown + " of " + r.images().size() : "");
            rows.add(new ImageGridView.Row(title, r.images().subList(i, to), r.captions().subList(i, to)));
        }
        return rows;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("form-label");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label value(String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        return l;
    }

    private static final class FolderCell extends ListCell<Path> {
        @Override
        protected void updateItem(Path item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.getFileName().toString());
        }
    }
}
