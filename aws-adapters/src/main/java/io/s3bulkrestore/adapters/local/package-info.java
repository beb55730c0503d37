/**
 * The local stand-ins for AWS that the sandbox and the integration tests run against: DynamoDB Local in
 * this JVM and {@code moto_server} as a child process, each on a free loopback port. Not used in Lambda;
 * DynamoDB Local is an optional dependency of this module, so it never reaches a function's zip.
 */
package io.s3bulkrestore.adapters.local;
