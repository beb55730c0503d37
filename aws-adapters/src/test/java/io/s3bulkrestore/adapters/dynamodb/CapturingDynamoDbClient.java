package io.s3bulkrestore.adapters.dynamodb;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A DynamoDB client that keeps every request it is given and answers with what the test set up, so a
 * test can check the exact request an adapter builds. Operations the test did not set up fail.
 */
final class CapturingDynamoDbClient implements DynamoDbClient {

    final List<SdkRequest> requests = new ArrayList<>();
    Function<TransactWriteItemsRequest, TransactWriteItemsResponse> onTransactWrite =
            request -> TransactWriteItemsResponse.builder().build();
    Function<QueryRequest, QueryResponse> onQuery = request -> QueryResponse.builder().items(List.of()).build();
    Function<UpdateItemRequest, UpdateItemResponse> onUpdate = request -> {
        throw new UnsupportedOperationException("UpdateItem not set up");
    };
    Function<GetItemRequest, GetItemResponse> onGet = request -> {
        throw new UnsupportedOperationException("GetItem not set up");
    };

    <T extends SdkRequest> List<T> requestsOf(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        requests.add(request);
        return onTransactWrite.apply(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        requests.add(request);
        return onQuery.apply(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        requests.add(request);
        return onUpdate.apply(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        requests.add(request);
        return onGet.apply(request);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
