package io.somactl.cli;

import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.TableRenderer;
import io.somactl.core.top.TopModel;
import io.somactl.core.top.TopService;
import io.somactl.core.top.TopSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * {@code top} on a terminal: the alternate screen, redrawn when a refresh lands (refreshes run on their own
 * thread, so keys answer at once even while a slow server holds a panel) or a key changes the view.
 * Keys: {@code s} next sort, {@code t} or {@code /} filter by tenant (Enter sets, Esc cancels), {@code q} or Ctrl-C quit.
 */
final class TopScreen {
    private static final int MAX_ROWS_PER_PANEL = 8;

    private final TopService service;
    private final Duration every;
    private final String group;
    private final String context;
    private TopModel.View view;

    TopScreen(TopService service, TopModel.View view, Duration every, String group, String context) {
        this.service = service;
        this.view = view;
        this.every = every;
        this.group = group;
        this.context = context;
    }

    void run() throws IOException {
        AtomicReference<TopSnapshot> latest = new AtomicReference<>();
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "somactl-top-refresh");
            thread.setDaemon(true);
            return thread;
        });
        java.util.Optional<Terminal> shell = ShellCommand.terminal(); // inside somactl shell: its terminal, left open
        try (Terminal own = shell.isPresent()
                ? null
                : TerminalBuilder.builder().name("somactl top").system(true).build()) {
            Terminal terminal = shell.orElse(own);
            refresher.scheduleWithFixedDelay(
                    () -> latest.set(service.refresh()), 0, every.toMillis(), TimeUnit.MILLISECONDS);
            Attributes saved = terminal.enterRawMode();
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.cursor_invisible);
            terminal.flush();
            Display display = new Display(terminal, true);
            try {
                loop(terminal, display, latest);
            } finally {
                terminal.puts(Capability.cursor_visible);
                terminal.puts(Capability.exit_ca_mode);
                terminal.setAttributes(saved);
                terminal.flush();
            }
        } finally {
            refresher.shutdownNow();
        }
    }

    private void loop(Terminal terminal, Display display, AtomicReference<TopSnapshot> latest) throws IOException {
        NonBlockingReader keys = terminal.reader();
        StringBuilder filter = null; // non-null while typing a tenant filter
        TopSnapshot shown = null;
        boolean dirty = true;
        while (!Thread.currentThread().isInterrupted()) {
            TopSnapshot snapshot = latest.get();
            if (snapshot != shown || dirty) {
                Size size = terminal.getSize();
                int rows = Math.max(size.getRows(), 10);
                int columns = Math.max(size.getColumns(), 40);
                display.resize(rows, columns);
                List<AttributedString> lines = new ArrayList<>();
                for (String line : lines(snapshot, filter, rows)) {
                    lines.add(new AttributedString(line.length() > columns ? line.substring(0, columns) : line));
                }
                display.update(lines, -1);
                terminal.flush();
                shown = snapshot;
                dirty = false;
            }
            int key = keys.read(200);
            if (key == NonBlockingReader.READ_EXPIRED) {
                continue;
            }
            if (key < 0) {
                return;
            }
            dirty = true;
            if (filter != null) {
                if (key == '\r' || key == '\n') {
                    view = view.filter(filter.toString().strip());
                    filter = null;
                } else if (key == 27) {
                    filter = null;
                } else if (key == 127 || key == 8) {
                    filter.setLength(Math.max(0, filter.length() - 1));
                } else if (key == 3) {
                    return;
                } else if (key >= 32) {
                    filter.appendCodePoint(key);
                }
                continue;
            }
            switch (key) {
                case 'q', 'Q', 3, 4 -> {
                    return;
                }
                case 's', 'S' -> view = view.nextSort();
                case 't', 'T', '/' -> filter = new StringBuilder(view.tenantFilter());
                default -> dirty = false;
            }
        }
    }

    /** The screen's lines: a header, then each panel with as many rows as fit (pure, for a snapshot or none yet). */
    List<String> lines(TopSnapshot snapshot, StringBuilder typing, int rows) {
        List<String> lines = new ArrayList<>();
        String filterText = typing != null
                ? "filter tenant: " + typing + "_ (Enter sets, Esc cancels)"
                : "filter: " + (view.tenantFilter().isEmpty() ? "-" : view.tenantFilter());
        lines.add("somactl top  context " + context + "  "
                + (snapshot == null ? "loading..." : snapshot.takenAt().toString())
                + "  every " + every.toSeconds() + "s  sort: "
                + view.sort().name().toLowerCase(java.util.Locale.ROOT)
                + "  " + filterText + "   (s sort, t or / filter, q quit)");
        if (snapshot == null) {
            return lines;
        }
        int perPanel = Math.max(2, Math.min(MAX_ROWS_PER_PANEL, (rows - 1) / 6 - 3));
        for (TopTables.Panel panel : TopTables.panels(snapshot, view, group)) {
            lines.add("");
            lines.add(panel.title() + (panel.status().equals("fresh") ? "" : "  [" + panel.status() + "]"));
            StringWriter text = new StringWriter();
            TableRenderer.render(panel.table(), OutputFormat.table, new PrintWriter(text));
            List<String> table = text.toString().lines().toList();
            lines.addAll(table.subList(0, Math.min(table.size(), perPanel + 1)));
            if (table.size() > perPanel + 1) {
                lines.add("  ... " + (table.size() - perPanel - 1) + " more");
            }
        }
        return lines.size() > rows ? lines.subList(0, rows) : lines;
    }
}
