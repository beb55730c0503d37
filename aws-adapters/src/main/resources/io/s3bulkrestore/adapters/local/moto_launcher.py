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
# Werkzeug's line per request is dropped (warnings and errors stay). The two changes rely on moto's internals, so
# they apply only to the moto version they were written against (5.2.x); any other runs as it is. Without moto
# importable by this python3, moto_server runs as installed.
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

logging.getLogger("werkzeug").setLevel(logging.WARNING)
sys.argv[0] = "moto_server"
sys.exit(main())
