"""moto's S3 server in this process, plus a line protocol on stdin to seed keys straight into its
backend (100k keys in seconds instead of minutes of PutObject). Used by bench/s3.ts.

usage: python3 motoSeeded.py <port>
stdin, one JSON object a line: {"op": "seed", "bucket": b, "prefix": p, "count": n, "suffix": s}
stdout: "ready" once listening, "seeded <n>" after each seed.
"""
import json
import sys

from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.s3.models import s3_backends

server = ThreadedMotoServer(ip_address="127.0.0.1", port=int(sys.argv[1]), verbose=False)
server.start()
print("ready", flush=True)
for line in sys.stdin:
    cmd = json.loads(line)
    if cmd.get("op") == "seed":
        backend = s3_backends[cmd.get("account", "123456789012")]["aws"]
        for i in range(cmd["count"]):
            backend.put_object(cmd["bucket"], f"{cmd['prefix']}{i:06d}{cmd.get('suffix', '')}", b"x")
        print(f"seeded {cmd['count']}", flush=True)
server.stop()
