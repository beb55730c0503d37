package io.s3bulkrestore.adapters.s3;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.ports.RestoreEventRouting.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The exact PutBucketNotificationConfiguration document the adapter sends. */
class S3NotificationRoutingRequestTest {

    private static final String EXISTING = """
            <NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <TopicConfiguration><Id>uploads</Id><Topic>arn:aws:sns:us-east-1:111122223333:uploads</Topic>
                <Event>s3:ObjectCreated:*</Event></TopicConfiguration>
              <QueueConfiguration><Id>removals</Id><Queue>arn:aws:sqs:us-east-1:111122223333:removals</Queue>
                <Event>s3:ObjectRemoved:*</Event>
                <Filter><S3Key><FilterRule><Name>Prefix</Name><Value>logs/</Value></FilterRule>
                  <FilterRule><Name>Suffix</Name><Value>.gz</Value></FilterRule></S3Key></Filter></QueueConfiguration>
              <CloudFunctionConfiguration><Id>thumbs</Id>
                <CloudFunction>arn:aws:lambda:us-east-1:111122223333:function:thumbs</CloudFunction>
                <Event>s3:ObjectCreated:Put</Event></CloudFunctionConfiguration>
              %s
            </NotificationConfiguration>""";

    private WireMockServer wireMock;
    private AwsClients clients;
    private S3Client s3;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(options().dynamicPort());
        wireMock.start();
        clients = new AwsClients(Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")),
                Map.of(AwsClients.Service.S3, URI.create(wireMock.baseUrl())));
        s3 = clients.s3();
        wireMock.stubFor(put(urlPathEqualTo("/data-1")).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stop() {
        clients.close();
        wireMock.stop();
    }

    private void givenConfiguration(String eventBridge) {
        wireMock.stubFor(get(urlPathEqualTo("/data-1")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/xml").withBody(EXISTING.formatted(eventBridge))));
    }

    @Test
    void shouldSendEveryExistingConfigurationBackWithEventBridgeAdded() throws Exception {
        givenConfiguration("");

        Outcome outcome = new S3NotificationRouting(s3, new S3NotificationRouting.Mode.EventBridge()).ensureRouted("data-1");

        assertThat(outcome).isInstanceOf(Outcome.Routed.class);
        List<LoggedRequest> puts = wireMock.findAll(putRequestedFor(urlPathEqualTo("/data-1")));
        assertThat(puts).hasSize(1);
        assertThat(puts.get(0).getUrl()).contains("notification");
        Document sent = parse(puts.get(0).getBodyAsString());
        assertThat(text(sent, "//*[local-name()='TopicConfiguration']/*[local-name()='Topic']"))
                .isEqualTo("arn:aws:sns:us-east-1:111122223333:uploads");
        assertThat(text(sent, "//*[local-name()='QueueConfiguration']/*[local-name()='Id']")).isEqualTo("removals");
        assertThat(text(sent, "//*[local-name()='QueueConfiguration']//*[local-name()='FilterRule'][1]/*[local-name()='Value']"))
                .isEqualTo("logs/");
        assertThat(text(sent, "//*[local-name()='QueueConfiguration']//*[local-name()='FilterRule'][2]/*[local-name()='Value']"))
                .isEqualTo(".gz");
        assertThat(text(sent, "//*[local-name()='CloudFunctionConfiguration']/*[local-name()='CloudFunction']"))
                .isEqualTo("arn:aws:lambda:us-east-1:111122223333:function:thumbs");
        assertThat(count(sent, "//*[local-name()='EventBridgeConfiguration']")).isEqualTo(1);
        assertThat(count(sent, "//*[local-name()='TopicConfiguration' or local-name()='QueueConfiguration' "
                + "or local-name()='CloudFunctionConfiguration']")).isEqualTo(3);
    }

    @Test
    void shouldWriteNothingWhenEventBridgeIsAlreadyOn() {
        givenConfiguration("<EventBridgeConfiguration></EventBridgeConfiguration>");

        Outcome outcome = new S3NotificationRouting(s3, new S3NotificationRouting.Mode.EventBridge()).ensureRouted("data-1");

        assertThat(outcome).isInstanceOf(Outcome.AlreadyRouted.class);
        assertThat(wireMock.findAll(putRequestedFor(urlPathEqualTo("/data-1")))).isEmpty();
    }

    @Test
    void shouldAddATopicForPostAndCompletedAndKeepEverythingElseIncludingTheEventBridgeFlag() throws Exception {
        // Given a bucket with a topic, a filtered queue, a Lambda and EventBridge on
        givenConfiguration("<EventBridgeConfiguration/>");
        String ours = "arn:aws:sns:us-east-1:111122223333:my-restores";

        // When the CLI's --sns-arn routes restore events to its topic
        Outcome outcome = new S3NotificationRouting(s3, new S3NotificationRouting.Mode.Sns(ours)).ensureRouted("data-1");

        // Then one write carries all of them plus one topic configuration for Post and Completed only
        assertThat(outcome).isInstanceOf(Outcome.Routed.class);
        Document sent = parse(wireMock.findAll(putRequestedFor(urlPathEqualTo("/data-1"))).get(0).getBodyAsString());
        assertThat(count(sent, "//*[local-name()='EventBridgeConfiguration']")).isEqualTo(1);
        assertThat(count(sent, "//*[local-name()='TopicConfiguration']")).isEqualTo(2);
        assertThat(count(sent, "//*[local-name()='QueueConfiguration']//*[local-name()='FilterRule']")).isEqualTo(2);
        assertThat(count(sent, "//*[local-name()='CloudFunctionConfiguration']")).isEqualTo(1);
        assertThat(count(sent, "//*[local-name()='TopicConfiguration'][*[local-name()='Topic']='" + ours
                + "']/*[local-name()='Event']")).isEqualTo(2);
        assertThat(text(sent, "//*[local-name()='TopicConfiguration'][*[local-name()='Topic']='" + ours
                + "']/*[local-name()='Event'][1]")).isEqualTo("s3:ObjectRestore:Post");
        assertThat(text(sent, "//*[local-name()='TopicConfiguration'][*[local-name()='Topic']='" + ours
                + "']/*[local-name()='Event'][2]")).isEqualTo("s3:ObjectRestore:Completed");
    }

    @Test
    void shouldKeepTheEventBridgeFlagWhenAddingAQueue() throws Exception {
        givenConfiguration("<EventBridgeConfiguration/>");

        new S3NotificationRouting(s3, new S3NotificationRouting.Mode.Sqs("arn:aws:sqs:us-east-1:111122223333:ours"))
                .ensureRouted("data-1");

        Document sent = parse(wireMock.findAll(putRequestedFor(urlPathEqualTo("/data-1"))).get(0).getBodyAsString());
        assertThat(count(sent, "//*[local-name()='EventBridgeConfiguration']")).isEqualTo(1);
        assertThat(count(sent, "//*[local-name()='QueueConfiguration']")).isEqualTo(2);
    }

    @Test
    void shouldNarrowOurOldQueueConfigurationToCompletedAndSendEveryOtherBackAsItWas() throws Exception {
        // Given our queue configuration as an older version of the stack wrote it, after three of someone else's
        String ours = "arn:aws:sqs:us-east-1:111122223333:ours";
        givenConfiguration("""
                <QueueConfiguration><Id>s3-bulk-restore-restore-events</Id><Queue>%s</Queue>
                  <Event>s3:ObjectRestore:Post</Event><Event>s3:ObjectRestore:Completed</Event>
                  <Event>s3:ObjectRestore:Delete</Event></QueueConfiguration>
                <EventBridgeConfiguration/>""".formatted(ours));

        // When
        Outcome outcome = new S3NotificationRouting(s3, new S3NotificationRouting.Mode.Sqs(ours)).ensureRouted("data-1");

        // Then one write: ours under its id for Completed only, theirs and the EventBridge flag as they were
        assertThat(outcome).isInstanceOf(Outcome.Routed.class);
        List<LoggedRequest> puts = wireMock.findAll(putRequestedFor(urlPathEqualTo("/data-1")));
        assertThat(puts).hasSize(1);
        Document sent = parse(puts.get(0).getBodyAsString());
        String oursXpath = "//*[local-name()='QueueConfiguration'][*[local-name()='Queue']='" + ours + "']";
        assertThat(count(sent, oursXpath)).isEqualTo(1);
        assertThat(text(sent, oursXpath + "/*[local-name()='Id']")).isEqualTo(S3NotificationRouting.CONFIGURATION_ID);
        assertThat(count(sent, oursXpath + "/*[local-name()='Event']")).isEqualTo(1);
        assertThat(text(sent, oursXpath + "/*[local-name()='Event']")).isEqualTo("s3:ObjectRestore:Completed");
        assertThat(text(sent, "//*[local-name()='QueueConfiguration'][1]/*[local-name()='Id']")).isEqualTo("removals");
        assertThat(count(sent, "//*[local-name()='QueueConfiguration']//*[local-name()='FilterRule']")).isEqualTo(2);
        assertThat(text(sent, "//*[local-name()='TopicConfiguration']/*[local-name()='Event']"))
                .isEqualTo("s3:ObjectCreated:*");
        assertThat(count(sent, "//*[local-name()='CloudFunctionConfiguration']")).isEqualTo(1);
        assertThat(count(sent, "//*[local-name()='EventBridgeConfiguration']")).isEqualTo(1);
    }

    @Test
    void shouldWriteNothingWhenOurQueueAlreadyTakesExactlyCompleted() {
        String ours = "arn:aws:sqs:us-east-1:111122223333:ours";
        givenConfiguration("""
                <QueueConfiguration><Id>s3-bulk-restore-restore-events</Id><Queue>%s</Queue>
                  <Event>s3:ObjectRestore:Completed</Event></QueueConfiguration>""".formatted(ours));

        Outcome outcome = new S3NotificationRouting(s3, new S3NotificationRouting.Mode.Sqs(ours)).ensureRouted("data-1");

        assertThat(outcome).isInstanceOf(Outcome.AlreadyRouted.class);
        assertThat(wireMock.findAll(putRequestedFor(urlPathEqualTo("/data-1")))).isEmpty();
    }

    private static Document parse(String xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document document, String xpath) throws Exception {
        Node node = (Node) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODE);
        return node == null ? null : node.getTextContent().trim();
    }

    private static int count(Document document, String xpath) throws Exception {
        return ((Number) XPathFactory.newInstance().newXPath().evaluate("count(" + xpath + ")", document,
                XPathConstants.NUMBER)).intValue();
    }
}
