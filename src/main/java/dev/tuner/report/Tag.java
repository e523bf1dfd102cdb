package dev.tuner.report;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One element of the report's HTML or SVG: a name, attributes and children (elements or text). Serialized through
 * the JDK's {@link XMLStreamWriter}, which does the escaping, so no text from a study (parameter names, messages)
 * can break the markup.
 */
public final class Tag {
    private final String name;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<Object> children = new ArrayList<>();

    private Tag(String name) {
        this.name = name;
    }

    public static Tag of(String name) {
        return new Tag(name);
    }

    public String name() {
        return name;
    }

    public Tag attr(String key, String value) {
        attributes.put(key, value);
        return this;
    }

    /** A numeric attribute, with two decimals at most: enough for pixels, short in the file. */
    public Tag attr(String key, double value) {
        return attr(key, number(value));
    }

    public Tag add(Tag child) {
        children.add(child);
        return this;
    }

    public Tag text(String text) {
        children.add(text);
        return this;
    }

    /** An SVG tooltip: shown when the pointer rests on the element. */
    public Tag tooltip(String text) {
        return add(Tag.of("title").text(text));
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Writes {@code root} as an HTML5 document: the doctype, then the element tree. */
    static void writeDocument(Tag root, Writer out) throws XMLStreamException {
        XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        w.writeDTD("<!DOCTYPE html>\n");
        root.write(w);
        w.flush();
    }

    private void write(XMLStreamWriter w) throws XMLStreamException {
        // Always a start and an end tag: HTML parsers do not honour <div/> outside SVG.
        w.writeStartElement(name);
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            w.writeAttribute(a.getKey(), a.getValue());
        }
        for (Object c : children) {
            if (c instanceof Tag t) {
                t.write(w);
            } else {
                w.writeCharacters((String) c);
            }
        }
        w.writeEndElement();
    }
}
