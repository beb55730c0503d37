# Runs moto_server with two of its per-request costs taken out, for the sandbox, the benchmarks and the tests.
# MotoServer passes this file to `python3 -c`, followed by moto_server's own arguments.
#
# Profiled on 2026-11-23 (moto 5.2.1, a 2,000-object sandbox demo, stacks sampled every 2 ms):
#  1. Every request names its backend by listing moto's package directory (a stat per service, about 150)
#     while holding the server's one dispatch lock, so concurrent requests queue behind the file system.
#     The listing cannot change while the server runs: it is taken once.
#  2. ReceiveMessage checks each message's retention by building all of the queue's attributes, which counts
#     every message in the queue: a receive costs the queue's length per message returned. The same check is
#     made here from the queue's MessageRetentionPeriod alone.
# Werkzeug's line per request is dropped (warnings and errors stay).
#
# RestoreObject is made as strict as S3's, which the product depends on (RestoreObject API reference,
# https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreObject.html: 202 Accepted when the object was not
# restored before, 200 OK when it was (the request then only sets a new expiry), and the error
# RestoreAlreadyInProgress, HTTP 409 Conflict, while a restore of that object is under way). moto 5.2.1 answers
# 200 for a restore in progress too, and ignores the request's versionId, restoring the latest version instead.
# Here the named version is restored, 409 is answered while its restore is in progress (moto marks a restore done
# when the object's status is next read, see the sandbox's RestoreCompleter), and 200 once it is done.
#
# All changes rely on moto's internals, so they apply only to the moto version they were written against
# (5.2.x); any other runs as it is. Without moto importable by this python3, moto_server runs as installed.
import logging
import os
import sys

try:
    import moto
    from moto.server import main
except ImportError:
    try:
        os.execvp("moto_server", ["moto_server", *sys.argv[1:]])
    except FileNotFoundError:
        sys.exit("moto_server is not on PATH: install it with pip install 'moto[server]==5.2.1'")

if moto.__version__.startswith("5.2."):
    import moto.backends
    import moto.sqs.models
    from moto.core.utils import unix_time

    _modules = tuple(moto.backends.list_of_moto_modules())
    moto.backends.list_of_moto_modules = lambda: _modules

    def _within_retention(self, queue_name, message):
        period = int(self.get_queue(queue_name).message_retention_period)
        return period + message.sent_timestamp / 1000 > unix_time()

    moto.sqs.models.SQSBackend.is_message_valid_based_on_retention_period = _within_retention

    import xmltodict
    from moto.s3.exceptions import InvalidObjectState, MissingKey, MissingVersion
    from moto.s3.models import ARCHIVE_STORAGE_CLASSES
    from moto.s3.responses import S3Response

    _RESTORE_IN_PROGRESS = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>RestoreAlreadyInProgress</Code>'
        "<Message>Object restore is already in progress</Message></Error>"
    )
    _post_object = S3Response._key_response_post

    def _restore_in_progress(key):
        # A restore was requested (moto sets the expiry then) and its completion has not been observed. Reading
        # key.status here would complete it, so the raw state is read.
        return key.expiry_date is not None and key._status != "RESTORED"

    def _post_object_strict_restore(self, request, body, bucket_name, query, key_name):
        if "restore" not in query:
            return _post_object(self, request, body, bucket_name, query, key_name)
        self._set_action("KEY", "POST", query)
        self._authenticate_and_authorize_s3_action(bucket_name=bucket_name, key_name=key_name)
        version_id = query.get("versionId", [None])[0]
        key = self.backend.get_object(bucket_name, key_name, version_id=version_id)
        if key is None:
            raise MissingVersion() if version_id else MissingKey(key=key_name)
        if key.storage_class not in ARCHIVE_STORAGE_CLASSES:
            raise InvalidObjectState(storage_class=key.storage_class)
        if _restore_in_progress(key):
            return 409, {"Content-Type": "application/xml"}, _RESTORE_IN_PROGRESS
        previously_restored = key.expiry_date is not None
        days = xmltodict.parse(body)["RestoreRequest"].get("Days")
        if days:
            key.restore(int(days))
        return (200 if previously_restored else 202), {}, ""

    S3Response._key_response_post = _post_object_strict_restore

logging.getLogger("werkzeug").setLevel(logging.WARNING)
sys.argv[0] = "moto_server"
sys.exit(main())
