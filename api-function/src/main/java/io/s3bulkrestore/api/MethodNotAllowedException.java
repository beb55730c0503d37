package io.s3bulkrestore.api;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;

import java.util.List;

/** The path is one of ours but not for this method; carries what the Allow header must list. */
final class MethodNotAllowedException extends ServiceException {

    private final List<String> allowed;

    MethodNotAllowedException(String method, String resource, List<String> allowed) {
        super(ErrorCode.METHOD_NOT_ALLOWED, resource + " does not accept " + (method.isEmpty() ? "this method" : method)
                + "; use " + String.join(" or ", allowed), null, null);
        this.allowed = List.copyOf(allowed);
    }

    List<String> allowed() {
        return allowed;
    }
}
