package io.s3bulkrestore.api;

import java.util.List;

/** The API's routes as API Gateway resources name them. */
enum Route {
    CREATE_JOB("POST", "/jobs"),
    CREATE_JOB_ALIAS("POST", "/create-job"),
    LIST_JOBS("GET", "/jobs"),
    GET_JOB("GET", "/jobs/{id}"),
    CANCEL_JOB("POST", "/jobs/{id}/cancel"),
    CONFIRM_JOB("POST", "/jobs/{id}/confirm"),
    REDRIVE_INGEST("POST", "/jobs/{id}/redrive");

    static final String ID = "id";

    private final String method;
    private final String resource;

    Route(String method, String resource) {
        this.method = method;
        this.resource = resource;
    }

    String method() {
        return method;
    }

    String resource() {
        return resource;
    }

    List<String> segments() {
        return List.of(resource.substring(1).split("/"));
    }

    @Override
    public String toString() {
        return method + " " + resource;
    }
}
