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
# Werkzeug's line per request is dropped (warnings and errors stay). Each change applies only where moto still
# has the function it replaces; otherwise moto runs as it is. Without moto importable, moto_server runs as is.
import logging
import os
import sys

try:
    import moto.backends
    import moto.sqs.models
    from moto.core.utils import unix_time
    from moto.server import main
except ImportError:
    os.execvp("moto_server", ["moto_server", *sys.argv[1:]])

if hasattr(moto.backends, "list_of_moto_modules"):
    _modules = tuple(moto.backends.list_of_moto_modules())
    moto.backends.list_of_moto_modules = lambda: _modules

_backend = moto.sqs.models.SQSBackend
if hasattr(_backend, "is_message_valid_based_on_retention_period"):
    def _within_retention(self, queue_name, message):
        period = int(self.get_queue(queue_name).message_retention_period)
        return period + message.sent_timestamp / 1000 > unix_time()

    _backend.is_message_valid_based_on_retention_period = _within_retention

logging.getLogger("werkzeug").setLevel(logging.WARNING)
sys.argv[0] = "moto_server"
sys.exit(main())
