/**
 * The local stand-ins for AWS that the sandbox, the benchmarks and the integration tests run against: DynamoDB Local
 * in this JVM and {@code moto_server} as a child process, each on a free loopback port. Not used in Lambda: only
 * local-sandbox and benchmarks depend on this module outside test scope, and each function's {@code LambdaZipIT}
 * checks that its zip holds none of it.
 */
package io.s3bulkrestore.emulators;
