package io.s3bulkrestore.sandbox.batch;

import java.util.ArrayDeque;
import java.util.Deque;

/** Writes the small REST-XML documents S3 Control answers with; escapes text, tracks open elements. */
final class XmlWriter {

    static final String S3_CONTROL_NAMESPACE = "http://awss3control.amazonaws.com/doc/2018-08-20/";

    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();

    /** A document whose root element carries the S3 Control namespace, as the SDK expects. */
    static XmlWriter document(String root) {
        XmlWriter writer = new XmlWriter();
        writer.out.append('<').append(root).append(" xmlns=\"").append(S3_CONTROL_NAMESPACE).append("\">");
        writer.open.push(root);
        return writer;
    }

    /** A document without a namespace: S3 Control's ErrorResponse has none. */
    static XmlWriter plainDocument(String root) {
        XmlWriter writer = new XmlWriter();
        writer.out.append('<').append(root).append('>');
        writer.open.push(root);
        return writer;
    }

    XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** An element with text; nothing at all when the value is null (absent members are left out). */
    XmlWriter element(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(escape(value.toString())).append("</").append(name)
                    .append('>');
        }
        return this;
    }

    String finish() {
        while (!open.isEmpty()) {
            end();
        }
        return out.toString();
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
