package org.meanode.ui.dashboard;

import java.util.Locale;

/**
 * A minimal JSON writer for the dashboard's endpoints: objects, arrays, strings, numbers.
 * Doubles are written exactly (they parse back to the same value). Non-finite numbers (NaN, ±∞) are written as {@code null}, which JSON has and JavaScript
 * charts skip.
 */
final class Json {
    private final StringBuilder sb = new StringBuilder(1024);
    private boolean needComma;

    Json beginObject() {
        comma();
        sb.append('{');
        needComma = false;
        return this;
    }

    Json endObject() {
        sb.append('}');
        needComma = true;
        return this;
    }

    Json beginArray() {
        comma();
        sb.append('[');
        needComma = false;
        return this;
    }

    Json endArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    /** Writes a key; the next call writes its value. */
    Json key(String k) {
        comma();
        string(k);
        sb.append(':');
        needComma = false;
        return this;
    }

    Json value(String s) {
        comma();
        if (s == null) {
            sb.append("null");
        } else {
            string(s);
        }
        needComma = true;
        return this;
    }

    Json value(double x) {
        comma();
        if (Double.isFinite(x)) {
            if (x == Math.rint(x) && Math.abs(x) < 1e15) {
                sb.append((long) x);
            } else {
                sb.append(Double.toString(x)); // shortest decimal that reads back to the same double
            }
        } else {
            sb.append("null");
        }
        needComma = true;
        return this;
    }

    Json value(long x) {
        comma();
        sb.append(x);
        needComma = true;
        return this;
    }

    Json value(boolean b) {
        comma();
        sb.append(b);
        needComma = true;
        return this;
    }

    Json values(double[] xs) {
        beginArray();
        for (double x : xs) {
            value(x);
        }
        return endArray();
    }

    Json values(String[] xs) {
        beginArray();
        for (String x : xs) {
            value(x);
        }
        return endArray();
    }

    private void comma() {
        if (needComma) {
            sb.append(',');
        }
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<' -> sb.append("\\u003c"); // safe to embed in HTML
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
