package io.s3bulkrestore.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.constructor.ConstructorException;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudFormationYamlTest {

    @Test
    void shouldReadShortFormIntrinsicsAsTheirLongForm() {
        // Given
        String yaml = """
                a: !Ref Bucket
                b: !GetAtt Role.Arn
                c: !Sub "arn:${AWS::Partition}:s3:::x"
                d: !Join [",", !Ref List]
                e: !Split [",", !Sub ["${X}/*", {X: !Ref Y}]]
                f: !If [IsProd, !Ref A, !Ref "AWS::NoValue"]
                """;

        // When
        Map<String, Object> parsed = CloudFormationYaml.parse(yaml);

        // Then
        assertThat(parsed).containsEntry("a", Map.of("Ref", "Bucket"))
                .containsEntry("b", Map.of("Fn::GetAtt", List.of("Role", "Arn")))
                .containsEntry("c", Map.of("Fn::Sub", "arn:${AWS::Partition}:s3:::x"))
                .containsEntry("d", Map.of("Fn::Join", List.of(",", Map.of("Ref", "List"))))
                .containsEntry("e", Map.of("Fn::Split", List.of(",",
                        Map.of("Fn::Sub", List.of("${X}/*", Map.of("X", Map.of("Ref", "Y")))))))
                .containsEntry("f", Map.of("Fn::If", List.of("IsProd", Map.of("Ref", "A"),
                        Map.of("Ref", "AWS::NoValue"))));
    }

    @Test
    void shouldRefuseTagsThatAreNotCloudFormationIntrinsics() {
        // Given
        String yaml = "a: !Reference Bucket\n";

        // When / Then
        assertThatThrownBy(() -> CloudFormationYaml.parse(yaml)).isInstanceOf(ConstructorException.class)
                .hasMessageContaining("!Reference");
    }
}
