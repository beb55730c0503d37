package io.s3bulkrestore.adapters;

import io.s3bulkrestore.emulators.MotoServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * moto_server for one test class: started before its first test, stopped after its last, with our clients pointed at
 * it. Register it with {@code @RegisterExtension static}; {@link #reset()} empties moto between tests that need it.
 */
public final class MotoExtension implements BeforeAllCallback, AfterAllCallback {

    private MotoServer moto;
    private AwsClients clients;

    @Override
    public void beforeAll(ExtensionContext context) {
        moto = MotoServer.start();
        clients = EmulatorClients.of(moto);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        clients.close();
        moto.close();
    }

    public AwsClients clients() {
        return clients;
    }

    /** Forgets every bucket, queue and topic moto holds. */
    public void reset() {
        moto.reset();
    }
}
