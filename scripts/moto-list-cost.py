"""Where a moto ListObjectsV2 page spends its time (docs/protocol.md §12, "Listing").

usage: python3 scripts/moto-list-cost.py [keys]   (default 100000)

Fills a bucket straight into moto's in-memory backend (no HTTP), then times one 1000-key page of
the backend's list_objects_v2 for a listing of the whole bucket and for the prefixes d00 and d000/
(10% and 1% of 100k keys), and the parts of a page: reading every key of the bucket and sorting them, measured
here. The XML serialisation of a served page (about 0.3 s per 1000 keys, most of it botocore parsing
each LastModified string back into a date) comes on top; see it with cProfile on the server.
"""
import sys
import time

from moto.s3.models import s3_backends

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
backend = s3_backends["123456789012"]["aws"]
backend.create_bucket("cost", "us-east-1")
for i in range(N):
    backend.put_object("cost", f"d{i // 1000:03d}/item-{i:06d}", b"x")
bucket = backend.get_bucket("cost")


def ms(f):
    t0 = time.perf_counter()
    r = f()
    return round((time.perf_counter() - t0) * 1000, 1), r


def page(prefix=None, start_after=None):
    return backend.list_objects_v2(bucket=bucket, prefix=prefix, delimiter=None, continuation_token=None, start_after=start_after, max_keys=1000)


print(f"{N} keys in the bucket; one 1000-key page of list_objects_v2 (backend only):")
print("  whole bucket, first page:", ms(lambda: page())[0], "ms")
print("  whole bucket, from the middle (start-after):", ms(lambda: page(start_after=f"d{N // 2000:03d}/"))[0], "ms")
for prefix in ("d00", "d000/"):
    count = sum(1 for k in bucket.keys.keys() if k.startswith(prefix))
    print(f"  prefix {prefix} ({count} keys):", ms(lambda: page(prefix=prefix))[0], "ms")
t, items = ms(lambda: list(bucket.keys.items()))
print("  of which: reading every key of the bucket:", t, "ms; sorting them:", ms(lambda: sorted((k for _, k in items), key=lambda k: k.name))[0], "ms")
