package io.s3bulkrestore.sandbox.batch;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reading an S3 Control request body: the JDK's DOM parser (no DTDs), child elements by local name, and the
 * refusals S3 Control answers for a missing, empty or malformed member, each naming the member's path
 * ({@code ManifestGenerator.S3JobManifestGenerator.SourceBucket}).
 */
final class RequestXml {

    /** The model's AccountId shape: {@code ^\d{12}$}, at most 64 characters. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private RequestXml() {
    }

    static Document parse(byte[] body) {
        if (body.length == 0) {
            throw S3ControlError.invalidRequest("the request body is empty");
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new S3ControlError(400, "MalformedXML", "The XML you provided was not well-formed: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String localName(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    static Optional<Element> optional(Element parent, String name) {
        return children(parent).stream().filter(e -> name.equals(localName(e))).findFirst();
    }

    static Element required(Element parent, String name, String path) {
        return optional(parent, name).orElseThrow(() -> missing(path));
    }

    static Optional<String> optionalText(Element parent, String name) {
        return optional(parent, name).map(e -> e.getTextContent().trim());
    }

    static String requiredText(Element parent, String name, String path) {
        String text = optionalText(parent, name).orElseThrow(() -> missing(path));
        if (text.isEmpty()) {
            throw S3ControlError.invalidRequest("the required element " + path + " is empty");
        }
        return text;
    }

    /** The texts of a list's {@code <member>} elements (REST-XML lists are wrapped, one element per item). */
    static List<String> members(Element list) {
        return children(list).stream().map(e -> e.getTextContent().trim()).toList();
    }

    /**
     * A list's member texts exactly as sent: for strings compared with object keys (a prefix may begin or end
     * with a space), where trimming would change what is asked for.
     */
    static List<String> untrimmedMembers(Element list) {
        return children(list).stream().map(Element::getTextContent).toList();
    }

    /** An element's text exactly as sent, for the same reason as {@link #untrimmedMembers}. */
    static Optional<String> optionalUntrimmedText(Element parent, String name) {
        return optional(parent, name).map(Element::getTextContent);
    }

    /** An XML Schema boolean as the SDK writes it: {@code true} or {@code false}, nothing else. */
    static Optional<Boolean> optionalBoolean(Element parent, String name, String path) {
        return optionalText(parent, name).map(text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw S3ControlError.invalidRequest(path + " must be true or false, got '" + text + "'");
        });
    }

    static boolean requiredBoolean(Element parent, String name, String path) {
        return optionalBoolean(parent, name, path).orElseThrow(() -> missing(path));
    }

    static Optional<Long> optionalLong(Element parent, String name, String path) {
        return optionalText(parent, name).map(text -> {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw S3ControlError.invalidRequest(path + " must be a whole number, got '" + text + "'");
            }
        });
    }

    /** An optional AccountId member (ExpectedBucketOwner, ...): twelve digits when given. */
    static Optional<String> optionalAccountId(Element parent, String name, String path) {
        return optionalText(parent, name).map(text -> {
            if (!ACCOUNT_ID.matcher(text).matches()) {
                throw S3ControlError.invalidRequest(path + " must be a 12-digit account id, got '" + text + "'");
            }
            return text;
        });
    }

    static S3ControlError missing(String path) {
        return S3ControlError.invalidRequest("the required element " + path + " is missing");
    }
}
