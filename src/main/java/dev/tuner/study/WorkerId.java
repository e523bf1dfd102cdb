package dev.tuner.study;

import java.net.InetAddress;

/** Who runs a trial: host, process id and thread, so that a rerun can tell a dead process from a live one. */
record WorkerId(String host, long pid, String thread) {
    static final String HOST = hostName();

    static String current() {
        return HOST + "/" + ProcessHandle.current().pid() + "/" + Thread.currentThread().getName();
    }

    static WorkerId parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split("/", 3);
        if (parts.length < 3) {
            return null;
        }
        try {
            return new WorkerId(parts[0], Long.parseLong(parts[1]), parts[2]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
